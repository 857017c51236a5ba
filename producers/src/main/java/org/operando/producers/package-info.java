package org.operando.producers;

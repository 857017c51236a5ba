package org.operando.streams;

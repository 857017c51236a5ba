package org.operando.schemas;

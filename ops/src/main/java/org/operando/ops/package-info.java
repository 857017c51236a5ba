package org.operando.ops;

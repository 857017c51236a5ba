package org.operando.simulator;

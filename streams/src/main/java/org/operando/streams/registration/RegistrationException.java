package org.operando.streams.registration;

/** Base class of the domain failures of co-registration (a fit that cannot be made from the data given). */
public class RegistrationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RegistrationException(String message) {
        super(message);
    }
}

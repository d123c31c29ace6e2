package io.inventiv.agents.command.identity;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;

/**
 * A new password: at least 8 characters and at most 72 bytes (what bcrypt reads), with no rule on the
 * kinds of characters, as NIST SP 800-63B advises (length protects; composition rules do not).
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = Password.Check.class)
@interface Password {

    String message() default "must be at least 8 characters and at most 72 bytes long";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<Password, String> {

        static final int MIN_LENGTH = 8;
        static final int MAX_BYTES = 72;

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            int bytes = value.getBytes(StandardCharsets.UTF_8).length;
            return value.codePointCount(0, value.length()) >= MIN_LENGTH && bytes <= MAX_BYTES && value.indexOf('\u0000') < 0;
        }
    }
}

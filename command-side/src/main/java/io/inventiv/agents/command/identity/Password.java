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
 * A new password: at least 10 characters, at most 72 bytes (what bcrypt reads), and not all one kind
 * of character.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = Password.Check.class)
@interface Password {

    String message() default "must be 10 to 72 bytes long and not only letters or only digits";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<Password, String> {

        static final int MIN_LENGTH = 10;
        static final int MAX_BYTES = 72;

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            int bytes = value.getBytes(StandardCharsets.UTF_8).length;
            boolean mixed = !value.chars().allMatch(Character::isLetter) && !value.chars().allMatch(Character::isDigit);
            return value.length() >= MIN_LENGTH && bytes <= MAX_BYTES && mixed && value.indexOf('\u0000') < 0;
        }
    }
}

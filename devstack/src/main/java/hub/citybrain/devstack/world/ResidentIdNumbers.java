package hub.citybrain.devstack.world;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** GB 11643-1999 citizen identity numbers: 6-digit region, 8-digit birth date, 3-digit sequence, check character. */
public final class ResidentIdNumbers {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK_CHARS = "10X98765432".toCharArray();
    private static final DateTimeFormatter BASIC = DateTimeFormatter.BASIC_ISO_DATE;

    private ResidentIdNumbers() {
    }

    /** Builds a full 18-character number; the sequence's last digit is odd for men and even for women. */
    public static String of(String regionCode, LocalDate birthDate, int sequence) {
        if (regionCode.length() != 6 || sequence < 0 || sequence > 999) {
            throw new IllegalArgumentException("region code must have 6 digits and sequence 0..999");
        }
        String first17 = regionCode + birthDate.format(BASIC) + String.format("%03d", sequence);
        return first17 + checkCharacter(first17);
    }

    public static char checkCharacter(String first17) {
        if (first17.length() != 17) {
            throw new IllegalArgumentException("need the first 17 digits");
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            char c = first17.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("not a digit at position " + (i + 1));
            }
            sum += (c - '0') * WEIGHTS[i];
        }
        return CHECK_CHARS[sum % 11];
    }

    /** True when the number has 18 characters, a real birth date and the right check character. */
    public static boolean isValid(String idNumber) {
        if (idNumber == null || idNumber.length() != 18 || !idNumber.substring(0, 17).chars().allMatch(Character::isDigit)) {
            return false;
        }
        try {
            birthDate(idNumber);
        } catch (DateTimeParseException e) {
            return false;
        }
        return checkCharacter(idNumber.substring(0, 17)) == Character.toUpperCase(idNumber.charAt(17));
    }

    public static LocalDate birthDate(String idNumber) {
        return LocalDate.parse(idNumber.substring(6, 14), BASIC);
    }

    public static Gender gender(String idNumber) {
        return (idNumber.charAt(16) - '0') % 2 == 1 ? Gender.MALE : Gender.FEMALE;
    }

    public static String regionCode(String idNumber) {
        return idNumber.substring(0, 6);
    }
}

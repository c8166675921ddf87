package hub.citybrain.devstack.world;

/**
 * GB 32100-2015 unified social credit codes (18 characters) and the GB 11714 organisation code
 * embedded in positions 9-17.
 */
public final class CreditCodes {

    private static final String USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] USCC_WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    private static final int[] ORG_WEIGHTS = {3, 7, 9, 10, 5, 8, 4, 2};

    private CreditCodes() {
    }

    /**
     * @param authorityAndType e.g. "91" (market regulation, enterprise)
     * @param regionCode 6-digit GB/T 2260 code
     * @param organisationBody 8 digits of the organisation code body
     */
    public static String of(String authorityAndType, String regionCode, String organisationBody) {
        String organisationCode = organisationBody + organisationCheck(organisationBody);
        String first17 = authorityAndType + regionCode + organisationCode;
        if (first17.length() != 17) {
            throw new IllegalArgumentException("need 2 + 6 + 9 characters");
        }
        return first17 + usccCheck(first17);
    }

    public static char organisationCheck(String body) {
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += Character.digit(body.charAt(i), 36) * ORG_WEIGHTS[i];
        }
        int c = 11 - sum % 11;
        return c == 10 ? 'X' : c == 11 ? '0' : (char) ('0' + c);
    }

    public static char usccCheck(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int v = USCC_CHARS.indexOf(first17.charAt(i));
            if (v < 0) {
                throw new IllegalArgumentException("character not allowed in a credit code: " + first17.charAt(i));
            }
            sum += v * USCC_WEIGHTS[i];
        }
        return USCC_CHARS.charAt((31 - sum % 31) % 31);
    }

    public static boolean isValid(String uscc) {
        if (uscc == null || uscc.length() != 18) {
            return false;
        }
        try {
            return usccCheck(uscc.substring(0, 17)) == uscc.charAt(17)
                    && organisationCheck(uscc.substring(8, 16)) == uscc.charAt(16);
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            return false;
        }
    }
}

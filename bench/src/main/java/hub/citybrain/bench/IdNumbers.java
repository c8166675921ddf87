package hub.citybrain.bench;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/** Distinct, valid GB 11643 resident ID numbers (Gaoyou, 321084), one per index: unique subjects defeat the fact cache. */
final class IdNumbers {

    private static final int[] WEIGHTS = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
    private static final String CHECK = "10X98765432";
    private static final LocalDate EPOCH = LocalDate.of(1940, 1, 1);

    private IdNumbers() {
    }

    /** Index n (0 ≤ n < 20,000,000) to an ID number: birth date from n / 999, sequence from n % 999. */
    static String of(long n) {
        LocalDate birth = EPOCH.plusDays(n / 999);
        String body = "321084" + birth.format(DateTimeFormatter.BASIC_ISO_DATE) + String.format("%03d", n % 999 + 1);
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * WEIGHTS[i];
        }
        return body + CHECK.charAt(sum % 11);
    }
}

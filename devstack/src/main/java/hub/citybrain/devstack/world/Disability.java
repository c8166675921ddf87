package hub.citybrain.devstack.world;

import java.time.LocalDate;
import java.util.List;

/**
 * A second-generation disability card (第二代残疾人证): the card number is the ID number followed by the
 * category digit (1 视力 .. 7 多重) and the grade digit (1 一级 .. 4 四级).
 */
public record Disability(String cardNo, String category, String grade, LocalDate issuedOn) {

    public static final List<String> CATEGORIES = List.of("视力", "听力", "言语", "肢体", "智力", "精神", "多重");
    public static final List<String> GRADES = List.of("一级", "二级", "三级", "四级");
}

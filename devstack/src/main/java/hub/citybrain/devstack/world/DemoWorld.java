package hub.citybrain.devstack.world;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The synthetic demo world: Jiangsu (32) / Yangzhou (3210) / Gaoyou (321084), four towns with their
 * villages and grids, about 300 residents in about 110 households and 40 enterprises. Everything is drawn
 * from a {@link Random} with a fixed seed, so every generation with the same seed is identical and every
 * source system serves the same person under the same ID number.
 *
 * <p>The showcase person ({@link #showcasePerson()}) is held by every person source: population registry,
 * civil affairs (and on subsistence allowance), disabled persons' federation, organisation department and
 * the grid office. The showcase enterprise is held by market regulation and emergency management.
 */
public final class DemoWorld {

    public static final long DEFAULT_SEED = 20260101L;
    /** "Today" of the world: ages, inspection dates and grants are relative to it, never to the clock. */
    public static final LocalDate REFERENCE_DATE = LocalDate.of(2026, 3, 1);

    public static final Region PROVINCE = new Region("32", "江苏省", "Jiangsu Province");
    public static final Region CITY = new Region("3210", "扬州市", "Yangzhou");
    public static final Region COUNTY = new Region("321084", "高邮市", "Gaoyou");

    public static final String SHOWCASE_ID_NUMBER = ResidentIdNumbers.of("321084", LocalDate.of(1968, 3, 15), 131);
    public static final String SHOWCASE_NAME = "王建国";

    private final long seed;
    private final List<Town> towns;
    private final List<Person> persons;
    private final List<Household> households;
    private final List<Enterprise> enterprises;
    private final Map<String, Person> personsById;
    private final Map<String, Household> householdsById;
    private final Map<String, Enterprise> enterprisesByUscc;

    private DemoWorld(long seed, List<Town> towns, List<Person> persons, List<Household> households,
                      List<Enterprise> enterprises) {
        this.seed = seed;
        this.towns = List.copyOf(towns);
        this.persons = List.copyOf(persons);
        this.households = List.copyOf(households);
        this.enterprises = List.copyOf(enterprises);
        this.personsById = index(this.persons, Person::idNumber);
        this.householdsById = index(this.households, Household::id);
        this.enterprisesByUscc = index(this.enterprises, Enterprise::uscc);
    }

    public static DemoWorld generate() {
        return generate(DEFAULT_SEED);
    }

    public static DemoWorld generate(long seed) {
        return new Generator(seed).build();
    }

    public long seed() {
        return seed;
    }

    public List<Town> towns() {
        return towns;
    }

    public List<Person> persons() {
        return persons;
    }

    public List<Household> households() {
        return households;
    }

    public List<Enterprise> enterprises() {
        return enterprises;
    }

    public Optional<Person> person(String idNumber) {
        return Optional.ofNullable(personsById.get(idNumber));
    }

    public Optional<Household> household(String householdId) {
        return Optional.ofNullable(householdsById.get(householdId));
    }

    public Optional<Enterprise> enterprise(String uscc) {
        return Optional.ofNullable(enterprisesByUscc.get(uscc));
    }

    public Household householdOf(Person person) {
        return householdsById.get(person.householdId());
    }

    public Optional<Town> town(String townCode) {
        return towns.stream().filter(t -> t.code().equals(townCode)).findFirst();
    }

    /** 王建国 of 车逻镇八桥村: disabled, party member, household on subsistence allowance. */
    public Person showcasePerson() {
        return personsById.get(SHOWCASE_ID_NUMBER);
    }

    /** The first enterprise: 高邮市秦邮蛋品有限公司, with a rectification order at its last inspection. */
    public Enterprise showcaseEnterprise() {
        return enterprises.get(0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DemoWorld w && seed == w.seed && towns.equals(w.towns) && persons.equals(w.persons)
                && households.equals(w.households) && enterprises.equals(w.enterprises);
    }

    @Override
    public int hashCode() {
        return Objects.hash(seed, persons, households, enterprises);
    }

    @Override
    public String toString() {
        return "DemoWorld[seed=" + seed + ", persons=" + persons.size() + ", households=" + households.size()
                + ", enterprises=" + enterprises.size() + "]";
    }

    private static <T> Map<String, T> index(List<T> items, Function<T, String> key) {
        Map<String, T> map = new LinkedHashMap<>();
        for (T item : items) {
            if (map.put(key.apply(item), item) != null) {
                throw new IllegalStateException("duplicate key " + key.apply(item));
            }
        }
        return Collections.unmodifiableMap(map);
    }

    // ------------------------------------------------------------------------------------------------------

    private static final String GAOYOU = COUNTY.code();
    private static final String COUNTY_ADDRESS = PROVINCE.zh() + CITY.zh() + COUNTY.zh();

    private static final List<Town> TOWNS = List.of(
            town("321084104", "车逻镇", "Chelu",
                    new String[][]{{"车逻村", "Chelu Village", "3"}, {"八桥村", "Baqiao Village", "2"},
                            {"大兴村", "Daxing Village", "2"}, {"东湖村", "Donghu Village", "2"}}),
            town("321084108", "三垛镇", "Sanduo",
                    new String[][]{{"三垛村", "Sanduo Village", "3"}, {"少游村", "Shaoyou Village", "2"},
                            {"兴南村", "Xingnan Village", "2"}}),
            town("321084111", "临泽镇", "Linze",
                    new String[][]{{"临泽村", "Linze Village", "3"}, {"周巷村", "Zhouxiang Village", "2"},
                            {"朱楼村", "Zhulou Village", "2"}}),
            town("321084103", "界首镇", "Jieshou",
                    new String[][]{{"界首村", "Jieshou Village", "2"}, {"四里村", "Sili Village", "2"},
                            {"芦苇村", "Luwei Village", "2"}}));

    private static Town town(String code, String zh, String en, String[][] villages) {
        List<Village> list = new ArrayList<>();
        for (int i = 0; i < villages.length; i++) {
            String villageCode = code + (201 + i);
            int grids = Integer.parseInt(villages[i][2]);
            List<String> gridCodes = new ArrayList<>();
            for (int g = 1; g <= grids; g++) {
                gridCodes.add(villageCode + String.format("%03d", g));
            }
            list.add(new Village(villageCode, villages[i][0], villages[i][1], code, zh, gridCodes));
        }
        return new Town(code, zh, en, list);
    }

    /** Where floating residents' household registrations are: region code and address prefix. */
    private static final String[][] ORIGINS = {
            {"341125", "安徽省滁州市定远县定城镇"},
            {"320830", "江苏省淮安市盱眙县盱城街道"},
            {"320923", "江苏省盐城市阜宁县阜城街道"},
            {"410526", "河南省安阳市滑县道口镇"},
            {"511321", "四川省南充市南部县南隆街道"},
    };
    /** Neighbouring counties brides and grooms married in from (registration since moved to Gaoyou). */
    private static final String[] MARRIED_IN = {"321023", "321081", "320830", "321012"};

    private static final String[] SURNAMES = {
            "王", "王", "王", "李", "李", "张", "张", "陈", "陈", "刘", "杨", "周", "周", "吴", "徐", "徐", "孙",
            "朱", "朱", "姚", "夏", "秦", "高", "顾", "汤", "葛", "冯", "沈", "蒋", "韩", "唐", "许", "钱", "孔",
            "蔡", "卢", "居", "管", "乔", "殷", "赵", "黄", "郭", "潘", "马"};
    private static final String[] MALE_OLD = {"德明", "长松", "国庆", "桂林", "春生", "宝山", "有福", "金海", "志高",
            "福林", "兆祥", "文彬", "如海", "广才", "正元", "家富"};
    private static final String[] MALE_MID = {"建华", "国强", "志刚", "海军", "卫东", "立新", "红兵", "军", "勇", "斌",
            "伟", "永忠", "建军", "学兵", "俊", "明", "宏伟", "春华"};
    private static final String[] MALE_YOUNG = {"浩", "磊", "鹏", "杰", "宇轩", "子豪", "浩然", "俊杰", "一鸣", "天佑",
            "博文", "睿", "晨阳", "嘉豪", "思远", "梓睿", "子墨", "志远"};
    private static final String[] FEMALE_OLD = {"桂兰", "秀英", "玉兰", "桂芳", "凤英", "秀珍", "兰英", "素琴", "月娥",
            "凤兰", "美华", "玉珍", "翠英", "金凤"};
    private static final String[] FEMALE_MID = {"丽", "芳", "红梅", "海燕", "丽娟", "敏", "静", "春梅", "晓燕", "小红",
            "娟", "艳", "慧", "玲", "雪梅", "琴"};
    private static final String[] FEMALE_YOUNG = {"婷", "雪", "欣怡", "雨涵", "梦琪", "诗涵", "佳怡", "子涵", "思琪",
            "雨桐", "可欣", "一诺", "梓萱", "晓雯", "语嫣", "若曦"};
    private static final String[] GROUP_NUMERALS = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"};
    private static final int[] HOUSEHOLD_SIZES = {1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 5};

    private static final String[] TRADE_NAMES = {"盂城", "运河", "珠湖", "恒通", "华翔", "鑫源", "宏达", "金湖", "天宇",
            "永安", "瑞丰", "新润", "润泽", "亿博", "科达", "嘉禾", "明珠", "晨光", "海川", "华邮", "湖畔", "双兴", "富民",
            "兴业", "泰和", "荣盛", "佳禾", "同创", "卓越", "远航", "鸿运", "利民", "顺达", "万和", "中瑞", "恒远", "金鼎",
            "宝丰", "龙腾", "甓社", "文游", "清水潭"};
    private static final String[][] INDUSTRIES = {
            {"照明电器制造", "照明电器有限公司"}, {"电线电缆制造", "电缆有限公司"}, {"机械设备制造", "机械制造有限公司"},
            {"蛋制品加工", "蛋品有限公司"}, {"水产养殖", "水产养殖有限公司"}, {"纺织服装", "纺织有限公司"},
            {"新型建材", "建材有限公司"}, {"涂料制造", "化工有限公司"}, {"道路货物运输", "物流有限公司"},
            {"农业科技", "农业科技有限公司"}, {"粮食加工", "米业有限公司"}, {"电子元器件", "电子科技有限公司"},
            {"船舶配件", "船舶配件有限公司"}, {"家具制造", "家具有限公司"}};
    private static final String[] ROADS = {"工业园路", "兴业路", "创业大道", "纬一路", "经二路", "富民路", "长江路", "通湖路"};
    private static final String[] RESIDENTIAL_ROADS = {"人民路", "解放路", "建设路", "幸福路", "中山路", "文化路"};
    private static final long[] CAPITALS_WAN = {50, 100, 100, 200, 300, 500, 500, 800, 1000, 1000, 2000, 3000, 5000};
    private static final String[] HAZARDS = {
            "消防通道堵塞", "灭火器过期未更换", "安全出口指示灯损坏", "电气线路私拉乱接", "危险化学品储存不规范",
            "员工安全培训记录缺失", "特种作业人员无证上岗", "粉尘清扫不及时", "应急预案未组织演练", "车间与宿舍未有效分隔",
            "消防设施未定期维护保养", "有限空间作业未审批"};

    private static final class Draft {
        String idNumber;
        String name;
        Gender gender;
        String ethnicity;
        LocalDate birthDate;
        String householdId;
        String relation;
        MaritalStatus marital;
        String registeredAddress;
        boolean floating;
        Disability disability;
        PartyMembership party;

        int ageOn() {
            return java.time.Period.between(birthDate, REFERENCE_DATE).getYears();
        }

        Person toPerson() {
            return new Person(idNumber, name, gender, ethnicity, birthDate, householdId, relation, marital,
                    registeredAddress, floating, disability, party);
        }
    }

    private static final class HouseholdDraft {
        String id;
        Town town;
        Village village;
        String address;
        String gridCode;
        boolean floating;
        final List<Draft> members = new ArrayList<>();
        SubsistenceAllowance subsistence;

        Household toHousehold() {
            return new Household(id, town.code(), town.zh(), village.code(), village.zh(), address, gridCode,
                    members.stream().map(m -> m.idNumber).toList(), subsistence);
        }
    }

    private static final class Generator {
        private final long seed;
        private final Random rnd;
        private final Set<String> usedIds = new HashSet<>();
        private final Set<String> usedNames = new HashSet<>();
        private final Set<String> usedAddresses = new HashSet<>();
        private final Map<String, Integer> householdCounters = new LinkedHashMap<>();
        private final List<HouseholdDraft> households = new ArrayList<>();
        private final List<Draft> persons = new ArrayList<>();

        Generator(long seed) {
            this.seed = seed;
            this.rnd = new Random(seed);
        }

        DemoWorld build() {
            showcaseHousehold();
            while (households.size() < 110) {
                randomHousehold();
            }
            assignMaritalStatus();
            assignDisabilities();
            assignPartyMembers();
            assignSubsistence();
            List<Enterprise> enterprises = enterprises();
            return new DemoWorld(seed, TOWNS, persons.stream().map(Draft::toPerson).toList(),
                    households.stream().map(HouseholdDraft::toHousehold).toList(), enterprises);
        }

        // ---- households and people ----

        private void showcaseHousehold() {
            Town chelu = TOWNS.get(0);
            Village baqiao = chelu.villages().get(1);
            HouseholdDraft h = newHousehold(chelu, baqiao, baqiao.gridCodes().get(0));
            h.address = COUNTY_ADDRESS + chelu.zh() + baqiao.zh() + "三组18号";
            usedAddresses.add(h.address);

            Draft head = draft(SHOWCASE_ID_NUMBER, SHOWCASE_NAME, "汉族", h, "户主", h.address, false);
            head.marital = MaritalStatus.MARRIED;
            head.disability = new Disability(SHOWCASE_ID_NUMBER + "43", "肢体", "三级", LocalDate.of(2015, 6, 18));
            head.party = new PartyMembership(LocalDate.of(1992, 7, 1), chelu.zh() + baqiao.zh() + "党支部");
            String spouseId = ResidentIdNumbers.of(GAOYOU, LocalDate.of(1970, 8, 21), 242);
            Draft spouse = draft(spouseId, "陈桂芳", "汉族", h, "配偶", h.address, false);
            spouse.marital = MaritalStatus.MARRIED;
            h.subsistence = new SubsistenceAllowance(780, LocalDate.of(2021, 4, 1));
        }

        private void randomHousehold() {
            Town town = pickTown();
            Village village = town.villages().get(rnd.nextInt(town.villages().size()));
            String grid = village.gridCodes().get(rnd.nextInt(village.gridCodes().size()));
            boolean floating = rnd.nextDouble() < 0.07;
            HouseholdDraft h = newHousehold(town, village, grid);
            h.floating = floating;
            h.address = newAddress(town, village);
            String[] origin = floating ? ORIGINS[rnd.nextInt(ORIGINS.length)] : null;
            String prefix = floating ? origin[0] : GAOYOU;
            String registered = floating ? origin[1] + pick(RESIDENTIAL_ROADS) + (1 + rnd.nextInt(120)) + "号"
                    : h.address;

            int size = HOUSEHOLD_SIZES[rnd.nextInt(HOUSEHOLD_SIZES.length)];
            if (floating) {
                size = Math.min(size, 3);
            }
            String surname = pick(SURNAMES);
            Gender headGender = rnd.nextDouble() < 0.75 ? Gender.MALE : Gender.FEMALE;
            LocalDate headBirth = floating ? randomDate(1972, 2000) : randomDate(1941, 2000);
            String ethnicity = ethnicity();
            Draft head = newPerson(prefix, surname, headGender, headBirth, ethnicity, h, "户主", registered);

            Draft spouse = null;
            if (size >= 2 && rnd.nextDouble() < 0.85) {
                LocalDate birth = clampAdult(headBirth.plusDays(rnd.nextInt(8 * 365) - 4 * 365));
                String spousePrefix = floating ? prefix : rnd.nextDouble() < 0.1 ? pick(MARRIED_IN) : GAOYOU;
                spouse = newPerson(spousePrefix, pick(SURNAMES), headGender.opposite(), birth,
                        rnd.nextDouble() < 0.9 ? ethnicity : ethnicity(), h, "配偶", registered);
            } else if (size >= 2 && head.ageOn() < 55) {
                Gender g = rnd.nextBoolean() ? Gender.MALE : Gender.FEMALE;
                LocalDate birth = headBirth.minusYears(22 + rnd.nextInt(12)).minusDays(rnd.nextInt(365));
                String s = g == Gender.MALE && headGender == Gender.MALE ? surname : pick(SURNAMES);
                newPerson(prefix, s, g, birth, ethnicity, h, "父母", registered);
            }
            String childSurname = headGender == Gender.MALE || spouse == null ? surname : lastNameOf(spouse);
            LocalDate elder = spouse != null && spouse.birthDate.isBefore(headBirth) ? spouse.birthDate : headBirth;
            Draft oldestChild = null;
            LocalDate previousChild = null;
            LocalDate latest = REFERENCE_DATE.minusMonths(2);
            while (h.members.size() < size) {
                boolean grandchild = oldestChild != null && oldestChild.ageOn() >= 24 && h.members.size() == size - 1
                        && size >= 5;
                LocalDate birth;
                if (grandchild) {
                    birth = clampPast(oldestChild.birthDate.plusYears(24 + rnd.nextInt(9)).plusDays(rnd.nextInt(365)));
                } else if (previousChild == null) {
                    birth = clampPast(elder.plusYears(22 + rnd.nextInt(11)).plusDays(rnd.nextInt(365)));
                } else {
                    // siblings are born at least a year and a half apart
                    birth = previousChild.plusDays(550 + rnd.nextInt(5 * 365));
                    if (birth.isAfter(latest)) {
                        break;
                    }
                }
                Gender g = rnd.nextBoolean() ? Gender.MALE : Gender.FEMALE;
                Draft child = newPerson(prefix, childSurname, g, birth, ethnicity, h, grandchild ? "孙子女" : "子女",
                        registered);
                if (oldestChild == null) {
                    oldestChild = child;
                }
                if (!grandchild) {
                    previousChild = birth;
                }
            }
        }

        private HouseholdDraft newHousehold(Town town, Village village, String grid) {
            HouseholdDraft h = new HouseholdDraft();
            int n = householdCounters.merge(village.code(), 1, Integer::sum);
            h.id = village.code() + String.format("%04d", n);
            h.town = town;
            h.village = village;
            h.gridCode = grid;
            households.add(h);
            return h;
        }

        private String newAddress(Town town, Village village) {
            while (true) {
                String address = COUNTY_ADDRESS + town.zh() + village.zh()
                        + GROUP_NUMERALS[rnd.nextInt(GROUP_NUMERALS.length)] + "组" + (1 + rnd.nextInt(60)) + "号";
                if (usedAddresses.add(address)) {
                    return address;
                }
            }
        }

        private Town pickTown() {
            double r = rnd.nextDouble();
            return r < 0.34 ? TOWNS.get(0) : r < 0.56 ? TOWNS.get(1) : r < 0.78 ? TOWNS.get(2) : TOWNS.get(3);
        }

        private Draft newPerson(String prefix, String surname, Gender gender, LocalDate birth, String ethnicity,
                                HouseholdDraft h, String relation, String registered) {
            String id;
            do {
                int seq = rnd.nextInt(1000);
                boolean odd = seq % 2 == 1;
                if (odd != (gender == Gender.MALE)) {
                    seq ^= 1;
                }
                id = ResidentIdNumbers.of(prefix, birth, seq);
            } while (usedIds.contains(id));
            String name = null;
            for (int attempt = 0; attempt < 30; attempt++) {
                name = surname + givenName(gender, birth.getYear());
                if (!usedNames.contains(name)) {
                    break;
                }
            }
            return draft(id, name, ethnicity, h, relation, registered, h.floating);
        }

        private Draft draft(String id, String name, String ethnicity, HouseholdDraft h, String relation,
                            String registered, boolean floating) {
            if (!usedIds.add(id)) {
                throw new IllegalStateException("duplicate ID number " + id);
            }
            usedNames.add(name);
            Draft d = new Draft();
            d.idNumber = id;
            d.name = name;
            d.gender = ResidentIdNumbers.gender(id);
            d.birthDate = ResidentIdNumbers.birthDate(id);
            d.ethnicity = ethnicity;
            d.householdId = h.id;
            d.relation = relation;
            d.registeredAddress = registered;
            d.floating = floating;
            h.members.add(d);
            persons.add(d);
            return d;
        }

        private String givenName(Gender gender, int birthYear) {
            String[] names = gender == Gender.MALE
                    ? birthYear < 1962 ? MALE_OLD : birthYear < 1985 ? MALE_MID : MALE_YOUNG
                    : birthYear < 1962 ? FEMALE_OLD : birthYear < 1985 ? FEMALE_MID : FEMALE_YOUNG;
            return pick(names);
        }

        private String ethnicity() {
            double r = rnd.nextDouble();
            return r < 0.97 ? "汉族" : r < 0.99 ? "回族" : "满族";
        }

        private static String lastNameOf(Draft d) {
            return d.name.substring(0, 1);
        }

        // ---- attributes ----

        private void assignMaritalStatus() {
            for (HouseholdDraft h : households) {
                boolean hasSpouse = h.members.stream().anyMatch(m -> m.relation.equals("配偶"));
                boolean hasChildren = h.members.stream().anyMatch(m -> m.relation.equals("子女"));
                for (Draft m : h.members) {
                    if (m.marital != null) {
                        continue;
                    }
                    int age = m.ageOn();
                    double r = rnd.nextDouble();
                    m.marital = switch (m.relation) {
                        case "户主", "配偶" -> hasSpouse ? MaritalStatus.MARRIED
                                : age < 30 && !hasChildren ? MaritalStatus.UNMARRIED
                                : age >= 60 ? (r < 0.8 ? MaritalStatus.WIDOWED : MaritalStatus.DIVORCED)
                                : hasChildren ? (r < 0.6 ? MaritalStatus.DIVORCED : MaritalStatus.WIDOWED)
                                : (r < 0.5 ? MaritalStatus.UNMARRIED : MaritalStatus.DIVORCED);
                        case "父母" -> r < 0.8 ? MaritalStatus.WIDOWED : MaritalStatus.MARRIED;
                        case "子女" -> age < 20 ? MaritalStatus.UNMARRIED
                                : age < 28 ? (r < 0.25 ? MaritalStatus.MARRIED : MaritalStatus.UNMARRIED)
                                : r < 0.7 ? MaritalStatus.MARRIED : r < 0.8 ? MaritalStatus.DIVORCED
                                : MaritalStatus.UNMARRIED;
                        default -> MaritalStatus.UNMARRIED;
                    };
                }
            }
        }

        private void assignDisabilities() {
            List<Draft> candidates = new ArrayList<>(persons.stream().filter(p -> p.disability == null).toList());
            Collections.shuffle(candidates, rnd);
            long already = persons.size() - candidates.size();
            int wanted = (int) Math.round(persons.size() * 0.08) - (int) already;
            double[] categoryWeights = {0.12, 0.12, 0.03, 0.45, 0.10, 0.12, 0.06};
            double[] gradeWeights = {0.15, 0.25, 0.30, 0.30};
            for (Draft p : candidates.subList(0, Math.max(0, wanted))) {
                int category = weighted(categoryWeights);
                int grade = weighted(gradeWeights);
                LocalDate earliest = p.birthDate.plusYears(1).isAfter(LocalDate.of(2012, 1, 1))
                        ? p.birthDate.plusYears(1) : LocalDate.of(2012, 1, 1);
                LocalDate issued = between(earliest, REFERENCE_DATE.minusDays(30));
                p.disability = new Disability(p.idNumber + (category + 1) + (grade + 1),
                        Disability.CATEGORIES.get(category), Disability.GRADES.get(grade), issued);
            }
        }

        private void assignPartyMembers() {
            List<Draft> adults = persons.stream().filter(p -> p.ageOn() >= 18).toList();
            List<Draft> candidates = new ArrayList<>(adults.stream()
                    .filter(p -> p.party == null && !p.floating && p.ageOn() >= 20).toList());
            Collections.shuffle(candidates, rnd);
            long already = adults.stream().filter(p -> p.party != null).count();
            int wanted = (int) Math.round(adults.size() * 0.15) - (int) already;
            Map<String, HouseholdDraft> byId = households.stream()
                    .collect(Collectors.toMap(h -> h.id, h -> h, (a, b) -> a, LinkedHashMap::new));
            for (Draft p : candidates.subList(0, Math.max(0, wanted))) {
                LocalDate eligible = p.birthDate.plusYears(18);
                LocalDate latest = REFERENCE_DATE.minusMonths(6);
                LocalDate cap = eligible.plusYears(30).isBefore(latest) ? eligible.plusYears(30) : latest;
                HouseholdDraft h = byId.get(p.householdId);
                p.party = new PartyMembership(between(eligible, cap), h.town.zh() + h.village.zh() + "党支部");
            }
        }

        private void assignSubsistence() {
            List<HouseholdDraft> candidates = new ArrayList<>(households.stream()
                    .filter(h -> !h.floating && h.subsistence == null).toList());
            Collections.shuffle(candidates, rnd);
            long already = households.size() - candidates.size() - households.stream().filter(h -> h.floating).count();
            int wanted = (int) Math.round(households.size() * 0.06) - (int) already;
            for (HouseholdDraft h : candidates.subList(0, Math.max(0, wanted))) {
                int perPerson = 200 + rnd.nextInt(61) * 10;
                h.subsistence = new SubsistenceAllowance(perPerson * h.members.size(),
                        between(LocalDate.of(2018, 1, 1), REFERENCE_DATE.minusMonths(2)).withDayOfMonth(1));
            }
        }

        // ---- enterprises ----

        private List<Enterprise> enterprises() {
            Set<String> dibaoHouseholds = households.stream().filter(h -> h.subsistence != null)
                    .map(h -> h.id).collect(Collectors.toSet());
            List<Draft> representatives = new ArrayList<>(persons.stream()
                    .filter(p -> !p.floating && p.ageOn() >= 28 && p.ageOn() <= 70)
                    .filter(p -> !dibaoHouseholds.contains(p.householdId))
                    .filter(p -> p.disability == null || p.disability.grade().equals("四级"))
                    .toList());
            Collections.shuffle(representatives, rnd);
            List<String> tradeNames = new ArrayList<>(List.of(TRADE_NAMES));
            Collections.shuffle(tradeNames, rnd);
            Set<String> usedCodes = new HashSet<>();
            List<Enterprise> result = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Draft rep = representatives.get(i);
                boolean showcase = i == 0;
                String[] industry = showcase ? INDUSTRIES[3] : INDUSTRIES[rnd.nextInt(INDUSTRIES.length)];
                String trade = showcase ? "秦邮" : tradeNames.get(i);
                String name = (showcase || rnd.nextDouble() < 0.7 ? "高邮市" : "江苏") + trade + industry[1];
                String uscc;
                do {
                    uscc = CreditCodes.of("91", GAOYOU, String.format("%08d", rnd.nextInt(100_000_000)));
                } while (!usedCodes.add(uscc));
                Town town = showcase ? TOWNS.get(0) : TOWNS.get(rnd.nextInt(TOWNS.size()));
                String address = COUNTY_ADDRESS + town.zh() + "工业集中区" + pick(ROADS) + (1 + rnd.nextInt(88)) + "号";
                LocalDate founded = showcase ? LocalDate.of(2006, 9, 12)
                        : randomDate(Math.max(1996, rep.birthDate.getYear() + 22), 2023);
                long capital = showcase ? 800 : CAPITALS_WAN[rnd.nextInt(CAPITALS_WAN.length)];
                List<Inspection> inspections = showcase
                        ? List.of(new Inspection(LocalDate.of(2025, 3, 12), InspectionResult.PASSED, List.of()),
                                  new Inspection(LocalDate.of(2026, 1, 20), InspectionResult.RECTIFY,
                                          List.of("消防通道堵塞", "灭火器过期未更换")))
                        : inspections(founded);
                result.add(new Enterprise(uscc, name, industry[0], rep.idNumber, rep.name, capital, "存续", founded,
                        town.code(), address, inspections));
            }
            return result;
        }

        private List<Inspection> inspections(LocalDate founded) {
            List<Inspection> list = new ArrayList<>();
            LocalDate date = between(LocalDate.of(2024, 9, 1), REFERENCE_DATE.minusDays(10));
            int count = 1 + rnd.nextInt(3);
            for (int i = 0; i < count && date.isAfter(founded); i++) {
                InspectionResult result = InspectionResult.values()[weighted(new double[]{0.62, 0.30, 0.08})];
                int hazards = switch (result) {
                    case PASSED -> 0;
                    case RECTIFY -> 1 + rnd.nextInt(2);
                    case FAILED -> 2 + rnd.nextInt(2);
                };
                List<String> pool = new ArrayList<>(List.of(HAZARDS));
                Collections.shuffle(pool, rnd);
                list.add(new Inspection(date, result, pool.subList(0, hazards)));
                date = date.minusDays(150 + rnd.nextInt(250));
            }
            if (list.isEmpty()) {
                list.add(new Inspection(REFERENCE_DATE.minusDays(20), InspectionResult.PASSED, List.of()));
            }
            return list;
        }

        // ---- randomness helpers ----

        private String pick(String[] values) {
            return values[rnd.nextInt(values.length)];
        }

        private int weighted(double[] weights) {
            double r = rnd.nextDouble();
            double sum = 0;
            for (int i = 0; i < weights.length; i++) {
                sum += weights[i];
                if (r < sum) {
                    return i;
                }
            }
            return weights.length - 1;
        }

        private LocalDate randomDate(int fromYear, int toYear) {
            int year = fromYear + rnd.nextInt(toYear - fromYear + 1);
            LocalDate start = LocalDate.of(year, 1, 1);
            return clampPast(start.plusDays(rnd.nextInt(start.lengthOfYear())));
        }

        private LocalDate between(LocalDate from, LocalDate to) {
            long days = to.toEpochDay() - from.toEpochDay();
            return days <= 0 ? from : from.plusDays(rnd.nextInt((int) days + 1));
        }

        private LocalDate clampPast(LocalDate date) {
            LocalDate latest = REFERENCE_DATE.minusMonths(2);
            return date.isAfter(latest) ? latest.minusDays(rnd.nextInt(900)) : date;
        }

        private LocalDate clampAdult(LocalDate date) {
            LocalDate latest = REFERENCE_DATE.minusYears(20);
            return date.isAfter(latest) ? latest.minusDays(rnd.nextInt(400)) : date;
        }
    }

}

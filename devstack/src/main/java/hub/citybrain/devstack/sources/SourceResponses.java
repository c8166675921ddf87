package hub.citybrain.devstack.sources;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hub.citybrain.devstack.world.DemoWorld;
import hub.citybrain.devstack.world.Disability;
import hub.citybrain.devstack.world.Enterprise;
import hub.citybrain.devstack.world.Household;
import hub.citybrain.devstack.world.Inspection;
import hub.citybrain.devstack.world.PartyMembership;
import hub.citybrain.devstack.world.Person;
import hub.citybrain.devstack.world.SubsistenceAllowance;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Each source system's own response format, in its own vocabulary (pinyin initials at the national
 * registry and market regulation, nested English at city civil affairs, ...), rendered once from the world
 * so that serving a subject is a map look-up.
 */
final class SourceResponses {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SourceResponses() {
    }

    /** The rendered 200 bodies of one source, by subject key, and how it words a 404. */
    record Bodies(Map<String, byte[]> bySubject, Function<String, byte[]> notFound) {
    }

    static Bodies nationalPopulation(DemoWorld world) {
        return new Bodies(render(world.persons(), Person::idNumber, p -> {
            ObjectNode n = NODES.objectNode();
            n.put("gmsfhm", p.idNumber());
            n.put("xm", p.name());
            n.put("xb", p.gender().zh());
            n.put("mz", p.ethnicity());
            n.put("csrq", p.birthDate().toString());
            n.put("hjdz", p.registeredAddress());
            return n;
        }), key -> error(NODES.objectNode().put("code", "404").put("msg", "查无此人 / no such person")));
    }

    static Bodies marketRegulation(DemoWorld world) {
        return new Bodies(render(world.enterprises(), Enterprise::uscc, e -> {
            ObjectNode n = NODES.objectNode();
            n.put("tyshxydm", e.uscc());
            n.put("qymc", e.name());
            n.put("fddbr", e.legalRepresentativeName());
            n.put("fddbrSfzh", e.legalRepresentativeId());
            n.put("zczb", e.registeredCapitalWanYuan());
            n.put("zczbdw", "万元人民币");
            n.put("djzt", e.registrationStatus());
            n.put("clrq", e.foundedOn().toString());
            n.put("zs", e.address());
            n.put("hy", e.industry());
            n.put("djjg", "高邮市市场监督管理局");
            return n;
        }), key -> error(NODES.objectNode().put("code", "E404").put("message", "未查询到该市场主体 / no such market entity")));
    }

    static Bodies civilAffairs(DemoWorld world) {
        return new Bodies(render(world.persons(), Person::idNumber, p -> {
            Household h = world.householdOf(p);
            ObjectNode n = NODES.objectNode();
            ObjectNode resident = n.putObject("resident");
            resident.put("idNo", p.idNumber());
            resident.put("name", p.name());
            resident.putObject("marriage").put("status", p.maritalStatus().zh());
            ObjectNode dibao = n.putObject("assistance").putObject("dibao");
            SubsistenceAllowance allowance = h.subsistence();
            dibao.put("enrolled", allowance != null);
            dibao.put("monthlyAmountYuan", allowance == null ? 0 : allowance.monthlyAmountYuan());
            if (allowance != null) {
                dibao.put("since", allowance.since().toString());
                dibao.put("householdSize", h.size());
            }
            return n;
        }), key -> error(NODES.objectNode().put("status", 404).put("error", "RESIDENT_NOT_FOUND")));
    }

    static Bodies disabledPersonsFederation(DemoWorld world) {
        return new Bodies(render(world.persons().stream().filter(Person::isDisabled).toList(), Person::idNumber, p -> {
            Disability d = p.disability();
            ObjectNode n = NODES.objectNode();
            ObjectNode data = n.putObject("data");
            data.put("cardNo", d.cardNo());
            data.put("idNumber", p.idNumber());
            data.put("name", p.name());
            data.put("category", d.category());
            data.put("grade", d.grade());
            data.put("issuedOn", d.issuedOn().toString());
            return n;
        }), key -> {
            ObjectNode n = NODES.objectNode();
            n.putNull("data");
            n.putObject("error").put("code", "CARD_NOT_FOUND").put("message", "无残疾人证记录 / no disability card");
            return error(n);
        });
    }

    static Bodies organisation(DemoWorld world) {
        return new Bodies(render(world.persons().stream().filter(Person::isPartyMember).toList(), Person::idNumber, p -> {
            PartyMembership m = p.party();
            ObjectNode n = NODES.objectNode();
            n.put("member", true);
            n.put("idNumber", p.idNumber());
            n.put("name", p.name());
            n.put("joinedOn", m.joinedOn().toString());
            n.put("branch", m.branch());
            return n;
        }), key -> error(NODES.objectNode().put("member", false).put("message", "未查询到党员信息 / no membership record")));
    }

    static Bodies emergencyManagement(DemoWorld world) {
        return new Bodies(render(world.enterprises(), Enterprise::uscc, e -> {
            Inspection last = e.lastInspection();
            ObjectNode n = NODES.objectNode();
            n.put("uscc", e.uscc());
            n.put("enterpriseName", e.name());
            ObjectNode inspection = n.putObject("lastInspection");
            inspection.put("date", last.date().toString());
            inspection.put("result", last.result().name());
            inspection.put("resultText", last.result().zh());
            ArrayNode hazards = inspection.putArray("hazards");
            last.hazards().forEach(hazards::add);
            n.put("inspectionCount", e.inspections().size());
            return n;
        }), key -> error(NODES.objectNode().put("error", "NOT_FOUND").put("message", "无检查记录 / no inspection record")));
    }

    static Bodies gridOffice(DemoWorld world) {
        return new Bodies(render(world.persons(), Person::idNumber, p -> {
            Household h = world.householdOf(p);
            ObjectNode n = NODES.objectNode();
            n.put("sfzh", p.idNumber());
            n.put("xm", p.name());
            n.put("hhid", h.id());
            n.put("wgbm", h.gridCode());
            n.put("hhrs", h.size());
            n.put("yhzgx", p.relationToHead());
            n.put("ldrk", p.floating());
            n.put("town", h.townZh());
            n.put("village", h.villageZh());
            n.put("xzz", h.address());
            return n;
        }), key -> error(NODES.objectNode().put("code", 404).put("msg", "网格内无此人员 / not in any grid")));
    }

    private static <T> Map<String, byte[]> render(Iterable<T> items, Function<T, String> key, Function<T, ObjectNode> body) {
        Map<String, byte[]> map = new HashMap<>();
        for (T item : items) {
            map.put(key.apply(item), bytes(body.apply(item)));
        }
        return Map.copyOf(map);
    }

    static byte[] error(ObjectNode body) {
        return bytes(body);
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

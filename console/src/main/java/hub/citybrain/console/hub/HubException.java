package hub.citybrain.console.hub;

/** The API answered with a problem; pages show it instead of their content. */
public class HubException extends RuntimeException {

    private final HubProblem problem;

    public HubException(HubProblem problem) {
        super(problem.code() + ": " + problem.detail());
        this.problem = problem;
    }

    public HubProblem problem() {
        return problem;
    }
}

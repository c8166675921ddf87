package hub.citybrain.bench;

import com.sun.tools.attach.VirtualMachine;

/**
 * Loads a native agent into a running JVM: {@code Attach PID LIBRARY OPTIONS}. Used to start and stop
 * async-profiler in the measured processes ({@code jcmd JVMTI.agent_load} would read the agent's
 * {@code key=value} options as its own arguments and drop them).
 */
public final class Attach {

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: Attach PID LIBRARY OPTIONS");
            System.exit(2);
        }
        VirtualMachine vm = VirtualMachine.attach(args[0]);
        try {
            vm.loadAgentPath(args[1], args[2]);
        } finally {
            vm.detach();
        }
    }
}

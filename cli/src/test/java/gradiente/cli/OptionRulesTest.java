package gradiente.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

@Tag("reliability")
class OptionRulesTest {
    /** Numeric options whose every value means something: seeds, coordinates and signed amounts (a walk, a bias). */
    static final Set<String> UNBOUNDED = Set.of("--seed", "--scale", "-x", "-y", "-z", "--bias");

    @Test
    void everyNumericOptionOfEveryCommandHasARangeOrIsKnownUnbounded() {
        Set<String> missing = new TreeSet<>();
        Deque<CommandLine> todo = new ArrayDeque<>(java.util.List.of(Main.commandLine()));
        int numeric = 0;
        while (!todo.isEmpty()) {
            CommandLine cl = todo.pop();
            todo.addAll(cl.getSubcommands().values());
            for (OptionSpec o : cl.getCommandSpec().options()) {
                Class<?> t = o.type();
                boolean number = t == int.class || t == Integer.class || t == double.class || t == Double.class
                        || t == long.class || t == Long.class;
                if (number) {
                    numeric++;
                    if (!OptionRules.RANGES.containsKey(o.longestName()) && !UNBOUNDED.contains(o.longestName())) {
                        missing.add(cl.getCommandSpec().qualifiedName() + " " + o.longestName());
                    }
                }
            }
        }
        assertThat(numeric).isGreaterThan(40);
        assertThat(missing).isEmpty();
    }

    @Test
    void rangesDescribeThemselves() {
        assertThat(OptionRules.RANGES.get("--beta1").describe()).isEqualTo(">= 0 and < 1 (an Adam decay rate)");
        assertThat(OptionRules.RANGES.get("--lr").contains(Double.NaN)).isFalse();
        assertThat(OptionRules.RANGES.get("--lr").contains(Double.POSITIVE_INFINITY)).isFalse();
        assertThat(OptionRules.RANGES.get("--train-size").contains(0)).isTrue();
        assertThat(OptionRules.INTEGER_RANGES.get("--scale").contains(0)).isFalse();
    }
}

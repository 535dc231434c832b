package gradiente.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackpropDemoCommandTest {
    @Test
    void printsTheThesisValuesAndWritesTheGraph(@TempDir Path dir) throws Exception {
        Path dot = dir.resolve("graph.dot");
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            code = Main.commandLine().execute("backprop-demo", "--dot", dot.toString());
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(code).isZero();
        assertThat(out).contains("v = x + y = 1", "u = z * v = 2", "f = max(u, 0) = 2",
                "df/du = 1", "df/dz = 1", "df/dv = 2", "df/dx = 2", "df/dy = 2");
        assertThat(Files.readString(dot)).startsWith("digraph").contains("relu");
    }
}

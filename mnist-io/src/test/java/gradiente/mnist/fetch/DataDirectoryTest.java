package gradiente.mnist.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataDirectoryTest {
    @Test
    void precedenceIsOptionThenPropertyThenEnvironmentThenCache() {
        Map<String, String> env = Map.of("GRADIENTE_DATA", "/env/mnist", "XDG_CACHE_HOME", "/xdg");
        assertThat(DataDirectory.resolve(Path.of("/opt"), "/prop", env, "/home/u")).isEqualTo(Path.of("/opt"));
        assertThat(DataDirectory.resolve(null, "/prop", env, "/home/u")).isEqualTo(Path.of("/prop"));
        assertThat(DataDirectory.resolve(null, null, env, "/home/u")).isEqualTo(Path.of("/env/mnist"));
        assertThat(DataDirectory.resolve(null, null, Map.of("XDG_CACHE_HOME", "/xdg"), "/home/u"))
                .isEqualTo(Path.of("/xdg/gradiente/mnist"));
        assertThat(DataDirectory.resolve(null, " ", Map.of(), "/home/u")).isEqualTo(Path.of("/home/u/.cache/gradiente/mnist"));
    }
}

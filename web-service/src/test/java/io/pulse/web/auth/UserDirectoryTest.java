package io.pulse.web.auth;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UserDirectoryTest {

    @Test
    void theDecoyCostsWhatARealHashCosts() {
        // an unknown user must take as long as a wrong password: same scheme, same iteration count as new hashes
        String[] decoy = UserDirectory.DECOY.split("\\$");
        String[] real = PasswordHasher.hash("anything".toCharArray()).split("\\$");
        assertThat(decoy).hasSize(4);
        assertThat(decoy[0]).isEqualTo(real[0]);
        assertThat(decoy[1]).isEqualTo(real[1]).isEqualTo(Integer.toString(PasswordHasher.DEFAULT_ITERATIONS));
        assertThat(PasswordHasher.matches("decoy".toCharArray(), UserDirectory.DECOY)).isTrue();
    }

    @Test
    void anUnknownUserIsRefusedAfterTheDecoyCheck() {
        UserDirectory directory = new UserDirectory(List.of(), true);
        assertThat(directory.authenticate("nobody", "decoy")).isEmpty();
        assertThat(directory.authenticate(null, null)).isEmpty();
    }
}

package io.pulse.web.auth;

import java.io.Console;
import java.io.PrintStream;

/**
 * Prints the hash of a password for {@code pulse.web.users.<name>.password-hash}:
 * {@code java -cp web-service.jar io.pulse.web.auth.HashPassword} (asks for the password) or with the password as
 * the only argument.
 */
public final class HashPassword {

    private HashPassword() {
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        char[] password;
        if (args.length == 1) {
            password = args[0].toCharArray();
        } else {
            Console console = System.console();
            if (console == null) {
                System.err.println("usage: HashPassword <password>   (or run it in a terminal to be asked)");
                System.exit(2);
                return;
            }
            password = console.readPassword("password: ");
        }
        out.println(PasswordHasher.hash(password));
    }
}

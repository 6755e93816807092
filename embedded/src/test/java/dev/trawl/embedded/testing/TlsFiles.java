package dev.trawl.embedded.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1 made with the JDK's keytool: a key store and a trust
 * store, in {@code dir}, with {@code password} for both.
 */
public record TlsFiles(Path keyStore, Path trustStore, String password) {

  /** Makes the certificate and its stores in {@code dir}. */
  public static TlsFiles create(Path dir) throws Exception {
    TlsFiles files = new TlsFiles(dir.resolve("origin.p12"), dir.resolve("trust.p12"), "changeit");
    Path cert = dir.resolve("origin.cer");
    keytool(
        "-genkeypair",
        "-alias",
        "origin",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=127.0.0.1",
        "-ext",
        "SAN=ip:127.0.0.1",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        files.keyStore.toString(),
        "-storepass",
        files.password,
        "-keypass",
        files.password);
    keytool(
        "-exportcert",
        "-alias",
        "origin",
        "-keystore",
        files.keyStore.toString(),
        "-storepass",
        files.password,
        "-file",
        cert.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "origin",
        "-file",
        cert.toString(),
        "-storetype",
        "PKCS12",
        "-keystore",
        files.trustStore.toString(),
        "-storepass",
        files.password);
    return files;
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("keytool " + args[0] + " failed: " + output);
    }
  }
}

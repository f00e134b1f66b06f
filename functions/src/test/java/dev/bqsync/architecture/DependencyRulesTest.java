package dev.bqsync.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The pure core and the use cases stay free of Google and of adapters, so another backend can be plugged in. */
class DependencyRulesTest {
  private static final JavaClasses PRODUCTION = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.bqsync");

  @Test
  void coreImportsNothingFromGoogleOrTheAdapters() {
    noClasses().that().resideInAPackage("dev.bqsync.core..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "com.google..", "io.grpc..", "dev.bqsync.gcp..", "dev.bqsync.function..", "dev.bqsync.cli..",
            "dev.bqsync.sync..", "dev.bqsync.port..")
        .check(PRODUCTION);
  }

  @Test
  void portsAndUseCasesDoNotKnowTheAdapters() {
    noClasses().that().resideInAnyPackage("dev.bqsync.port..", "dev.bqsync.sync..", "dev.bqsync.oauth..")
        .should().dependOnClassesThat().resideInAnyPackage("com.google..", "io.grpc..", "dev.bqsync.gcp..",
            "dev.bqsync.function..", "dev.bqsync.cli..")
        .check(PRODUCTION);
  }
}

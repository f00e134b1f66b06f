package dev.bqsync.testing;

import com.google.cloud.firestore.Firestore;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Gives a test a Firestore client on the emulator, with every document deleted before each test. */
public final class UsesFirestoreEmulator implements BeforeEachCallback, ParameterResolver {
  @Override
  public void beforeEach(ExtensionContext context) {
    FirestoreEmulator.shared().reset();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == Firestore.class || type == FirestoreEmulator.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    FirestoreEmulator emulator = FirestoreEmulator.shared();
    return parameter.getParameter().getType() == Firestore.class ? emulator.firestore() : emulator;
  }
}

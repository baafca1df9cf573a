package io.flowstore;

/** The JVM was started without the flags Chronicle Queue needs; the message lists them. */
public class MissingJvmFlagsException extends FlowStoreException {
  private static final long serialVersionUID = 1L;

  public MissingJvmFlagsException(String message) {
    super(message);
  }
}

package dev.websocket.client;

import io.netty.channel.DefaultChannelPipeline;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records Netty's "an exceptionCaught() event ... reached the tail of the pipeline" warnings: an
 * error no handler took care of, which a user sees as a stack trace in their log. Works when Netty
 * logs through java.util.logging, as it does on this module's test classpath.
 */
final class UnhandledPipelineErrors extends Handler implements AutoCloseable {

  private final Logger logger = Logger.getLogger(DefaultChannelPipeline.class.getName());
  private final List<String> warnings = new ArrayList<>();

  private UnhandledPipelineErrors() {
    logger.addHandler(this);
  }

  /** Starts recording. */
  static UnhandledPipelineErrors record() {
    return new UnhandledPipelineErrors();
  }

  /** Whether Netty logs through java.util.logging here, so that this sees its warnings. */
  static boolean observable() {
    return InternalLoggerFactory.getDefaultFactory() instanceof JdkLoggerFactory;
  }

  /** The warnings so far, each with its exception. */
  synchronized List<String> warnings() {
    return List.copyOf(warnings);
  }

  @Override
  public synchronized void publish(LogRecord record) {
    if (record.getMessage() != null
        && record.getMessage().contains("reached at the tail of the pipeline")) {
      warnings.add(record.getMessage() + " " + record.getThrown());
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}

package dev.websocket.wsdump;

/** Where received messages are printed; called from the receiver thread. */
interface LinePrinter {

  /** Prints one line (a line break is added); the line may span several lines itself. */
  void println(String line);
}

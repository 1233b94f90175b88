/**
 * jnc from Java: the small public API (the rest of jnc is internal and may change).
 *
 * <ul>
 * <li>{@code jnc.JncTool}: jnc as a {@link java.util.spi.ToolProvider}, so
 *     {@code ToolProvider.findFirst("jnc")} runs any jnc command line in-process.</li>
 * <li>{@link jnc.api.Jnc} and {@link jnc.api.Listener}: open a listener and relay a client to a
 *     process in a few lines, the Java form of {@code jnc -l PORT -e COMMAND}.</li>
 * </ul>
 *
 * <pre>{@code
 * try (Listener listener = Jnc.listen("127.0.0.1", 61111)) {
 *     int exit = listener.relayToProcess("/bin/cat");   // an echo server for one client
 * }
 * }</pre>
 */
package jnc.api;

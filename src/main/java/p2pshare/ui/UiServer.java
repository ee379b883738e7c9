package p2pshare.ui;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.Transport;
import java.net.BindException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import p2pshare.client.ClientEvents;

/**
 * One client's browser UI: {@code webroot/} and the SockJS event-bus bridge, on loopback, behind a
 * per-run secret path ({@code http://127.0.0.1:PORT/SECRET/}). The page is a pure client of the
 * command bus (docs/client-bus.md); this class only serves files and relays messages, and exactly
 * two addresses cross the bridge: requests in to {@link #COMMAND_ADDRESS} and events out from
 * {@link #EVENTS_ADDRESS}. docs/ui.md describes the rules for scripts.
 *
 * <p>Deploy it from the client, then print {@link #url()}: {@code vertx.deployVerticle(ui)}.
 */
public final class UiServer extends VerticleBase {
  public static final String COMMAND_ADDRESS = ClientEvents.COMMANDS;
  public static final String EVENTS_ADDRESS = ClientEvents.EVENTS;

  /**
   * upload_file hashes the whole file before it replies; at the measured 1.5 GB/s SHA1 (slower from
   * a cold disk) a large file takes minutes, and the bridge must wait for that reply.
   */
  private static final long COMMAND_REPLY_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(10);

  private static final Logger LOG = Logger.getLogger(UiServer.class.getName());

  private final UiBinding binding;
  private final UiSecret secret = UiSecret.random();
  private volatile HttpServer server;

  public UiServer(UiBinding binding) {
    this.binding = binding;
  }

  /** The address to open in a browser, secret included; null until deployment has finished. */
  public String url() {
    HttpServer bound = server;
    return bound == null
        ? null
        : "http://" + binding.host() + ":" + bound.actualPort() + "/" + secret.value() + "/";
  }

  /** The port actually bound (the requested one, or a free one if that was taken); -1 before. */
  public int port() {
    HttpServer bound = server;
    return bound == null ? -1 : bound.actualPort();
  }

  @Override
  public Future<?> start() {
    Router router = router();
    return listen(router, binding.port())
        .recover(
            failure ->
                binding.anyPortIfTaken() && failure instanceof BindException
                    ? listen(router, 0)
                    : Future.failedFuture(portTaken(failure)))
        .onSuccess(bound -> server = bound)
        .onSuccess(bound -> LOG.info(() -> "UI listening on " + binding.host() + ":" + port()));
  }

  @Override
  public Future<?> stop() {
    HttpServer bound = server;
    return bound == null ? Future.succeededFuture() : bound.close();
  }

  private Future<HttpServer> listen(Router router, int port) {
    return vertx.createHttpServer().requestHandler(router).listen(port, binding.host());
  }

  private Throwable portTaken(Throwable failure) {
    return failure instanceof BindException
        ? new IllegalStateException(
            "UI port "
                + binding.host()
                + ":"
                + binding.port()
                + " is taken (choose another with --ui HOST:PORT)",
            failure)
        : failure;
  }

  private Router router() {
    UiGate gate = new UiGate(secret, binding.host());
    Router router = Router.router(vertx);
    router.route().handler(context -> admit(gate, context));
    router.route().handler(UiServer::addSecurityHeaders);
    String root = "/" + secret.value();
    router.get(root).handler(context -> toDirectory(root, context));
    Router page = Router.router(vertx);
    page.route("/eventbus/*").subRouter(bridge());
    page.route().handler(StaticHandler.create("webroot").setCachingEnabled(false));
    router.route(root + "/*").subRouter(page);
    return router;
  }

  private static void admit(UiGate gate, RoutingContext context) {
    HttpServerRequest request = context.request();
    HostAndPort host = request.authority();
    gate.judge(
            request.path(),
            host == null ? null : host.host(),
            host == null ? -1 : host.port(),
            request.getHeader(HttpHeaders.ORIGIN),
            request.localAddress().port())
        .ifPresentOrElse(
            refusal ->
                context
                    .response()
                    .setStatusCode(refusal.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .end(refusal.message() + "\n"),
            context::next);
  }

  /** {@code /SECRET} becomes {@code /SECRET/}, so the page's relative links resolve under it. */
  private static void toDirectory(String root, RoutingContext context) {
    if (context.request().path().equals(root)) {
      context.redirect(root + "/");
    } else {
      context.next();
    }
  }

  /**
   * The page loads only its own files and talks only to its own server; no other site may frame it
   * (clickjacking) or learn the secret path from a Referer.
   */
  private static void addSecurityHeaders(RoutingContext context) {
    context
        .response()
        .putHeader(
            "Content-Security-Policy",
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
                + " connect-src 'self'; base-uri 'none'; form-action 'none';"
                + " frame-ancestors 'none'")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
    context.next();
  }

  private Router bridge() {
    SockJSHandlerOptions transports =
        new SockJSHandlerOptions()
            .setInsertJSESSIONID(false)
            // Only WebSocket and the XHR fallback: JSONP and the iframe transports load scripts
            // across origins (the iframe one from a CDN), which the Origin check cannot police.
            .addDisabledTransport(Transport.JSON_P.name())
            .addDisabledTransport(Transport.HTML_FILE.name())
            .addDisabledTransport(Transport.EVENT_SOURCE.name());
    SockJSBridgeOptions permitted =
        new SockJSBridgeOptions()
            .addInboundPermitted(new PermittedOptions().setAddress(COMMAND_ADDRESS))
            .addOutboundPermitted(new PermittedOptions().setAddress(EVENTS_ADDRESS))
            .setReplyTimeout(COMMAND_REPLY_TIMEOUT_MS);
    return SockJSHandler.create(vertx, transports).bridge(permitted, UiServer::onlyRequests);
  }

  /**
   * A command is a request that gets a reply; a publish to the command address would run it for
   * every consumer with the answer lost, so the bridge lets only sends through.
   */
  private static void onlyRequests(BridgeEvent event) {
    event.complete(event.type() != BridgeEventType.PUBLISH);
  }
}

package org.operando.ops.dashboard.access;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.UnauthorizedResponse;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The dashboard's one door: a Javalin {@code before} handler that every request passes, page, static files, SSE,
 * API and {@code /metrics} alike; only {@value #HEALTH_PATH} is open.
 *
 * <ol>
 *   <li>Credential ({@link HttpSecurity.Auth}): a bearer token in {@code Authorization} or in the session cookie, or
 *   HTTP basic against the password file; else 401 with {@code WWW-Authenticate}. A browser logs in once with
 *   {@code GET /?token=TOKEN}: it gets an HttpOnly, SameSite=Strict cookie (Secure under TLS) and a redirect to the
 *   same address without the token. Tokens are compared in constant time (as digests, so their length is not
 *   told either); a verified basic credential is remembered by its digest so PBKDF2 runs once per login.</li>
 *   <li>Cross-site requests: any method but GET and HEAD must carry an {@code Origin} (or, without one, a
 *   {@code Referer}) with this server's scheme, host and port, else 403. A request with neither is accepted only
 *   with an explicit {@code Authorization: Bearer} header, which a browser never adds by itself. Bodies over
 *   {@value #MAX_BODY_BYTES} bytes are refused with 413.</li>
 *   <li>Served openly on a loopback address, the {@code Host} header must name loopback, so a page elsewhere cannot
 *   reach the dashboard by rebinding its own DNS name to 127.0.0.1.</li>
 * </ol>
 */
public final class AccessGuard implements Handler {
    public static final String HEALTH_PATH = "/healthz";
    public static final String TOKEN_PARAM = "token";
    public static final String COOKIE_PREFIX = "operando_session_";
    public static final int MAX_BODY_BYTES = 16 * 1024;
    private static final int MAX_REMEMBERED = 256;
    private static final Pattern LOOPBACK_NAME = Pattern.compile("localhost|.*\\.localhost|127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}|::1|0:0:0:0:0:0:0:1");

    private enum Credential { NONE_NEEDED, BEARER, COOKIE, BASIC }

    private final HttpSecurity security;
    private final boolean openLoopback;
    private final byte[] tokenDigest;
    private final String sessionValue;
    private final Set<String> verifiedBasic = ConcurrentHashMap.newKeySet();

    /** @param host the address the server binds */
    public AccessGuard(HttpSecurity security, String host) {
        this.security = security;
        this.openLoopback = security.auth() == HttpSecurity.Auth.NONE && HttpSecurity.isLoopback(host);
        this.tokenDigest = security.token() == null ? null : sha256(security.token().value());
        this.sessionValue = security.token() == null ? null : sessionValue(security.token().value());
    }

    @Override
    public void handle(Context ctx) {
        if (HEALTH_PATH.equals(ctx.path())) {
            return;
        }
        if (openLoopback && !LOOPBACK_NAME.matcher(unbracket(ctx.req().getServerName())).matches()) {
            throw new ForbiddenResponse("Host " + ctx.req().getServerName() + " is not a loopback name; this dashboard serves "
                    + "without a credential on loopback only (see docs/security.md)");
        }
        Credential credential = authenticate(ctx);
        if (credential == null) {
            throw unauthorized(ctx);
        }
        if (!isSafe(ctx.method())) {
            checkSameOrigin(ctx, credential);
            if (ctx.contentLength() > MAX_BODY_BYTES) {
                long length = ctx.contentLength();
                discardBody(ctx);
                ctx.header("Connection", "close");
                throw new HttpResponseException(HttpStatus.CONTENT_TOO_LARGE, "request body of " + length
                        + " bytes refused; at most " + MAX_BODY_BYTES, Map.of());
            }
        }
    }

    /** A refused body is read and thrown away, up to this many bytes, before the answer and the close. */
    static final int MAX_DISCARDED_BYTES = 1024 * 1024;

    /**
     * Reads and throws away (up to {@value #MAX_DISCARDED_BYTES} bytes of) a body that is refused: a server that closes
     * the connection with the body unread makes the kernel reset it, and the client can then lose the 413 answer.
     */
    private static void discardBody(Context ctx) {
        try {
            var in = ctx.req().getInputStream();
            byte[] buffer = new byte[16 * 1024];
            long left = MAX_DISCARDED_BYTES;
            for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0; ) {
                left -= n;
            }
        } catch (java.io.IOException e) {
            // the client went away: nothing to answer
        }
    }

    /** The credential the request carries, or null when it needs one and has none that is right. */
    private Credential authenticate(Context ctx) {
        switch (security.auth()) {
            case NONE -> {
                return Credential.NONE_NEEDED;
            }
            case TOKEN -> {
                String login = ctx.queryParam(TOKEN_PARAM);
                if (login != null && isSafe(ctx.method())) {
                    if (!tokenMatches(login)) {
                        return null;
                    }
                    ctx.header("Set-Cookie", cookieName(ctx) + "=" + sessionValue + "; Path=/; HttpOnly; SameSite=Strict"
                            + (security.tlsEnabled() ? "; Secure" : ""));
                    ctx.header("Cache-Control", "no-store");
                    ctx.redirect(withoutToken(ctx), HttpStatus.SEE_OTHER);
                    return Credential.COOKIE;
                }
                String bearer = authorization(ctx, "Bearer");
                if (bearer != null) {
                    return tokenMatches(bearer) ? Credential.BEARER : null;
                }
                String cookie = ctx.cookie(cookieName(ctx));
                return cookie != null && MessageDigest.isEqual(sha256(cookie), sha256(sessionValue)) ? Credential.COOKIE : null;
            }
            case BASIC -> {
                String basic = authorization(ctx, "Basic");
                return basic != null && basicMatches(basic) ? Credential.BASIC : null;
            }
            default -> throw new IllegalStateException("unknown auth " + security.auth());
        }
    }

    private void checkSameOrigin(Context ctx, Credential credential) {
        String origin = ctx.header("Origin");
        String claimed = origin != null ? origin : ctx.header("Referer");
        String self = ctx.scheme() + "://" + ctx.req().getServerName() + ":" + ctx.req().getServerPort();
        if (claimed == null) {
            if (credential == Credential.BEARER) {
                return; // a script with the token in its header: no browser sends that on another site's behalf
            }
            throw new ForbiddenResponse("cross-site check: a " + ctx.method() + " must carry an Origin or Referer header naming "
                    + self + " (or Authorization: Bearer)");
        }
        if (!sameOrigin(claimed, ctx.scheme(), ctx.req().getServerName(), ctx.req().getServerPort())) {
            throw new ForbiddenResponse("cross-site request refused: " + (origin != null ? "Origin " : "Referer ") + claimed
                    + " is not this dashboard (" + self + ")");
        }
    }

    static boolean sameOrigin(String claimed, String scheme, String host, int port) {
        URI u;
        try {
            u = new URI(claimed);
        } catch (URISyntaxException e) {
            return false;
        }
        if (u.getScheme() == null || u.getHost() == null) {
            return false; // "null" (a sandboxed or privacy-stripped origin), or no authority
        }
        int claimedPort = u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
        return u.getScheme().equalsIgnoreCase(scheme) && unbracket(u.getHost()).equalsIgnoreCase(unbracket(host)) && claimedPort == port;
    }

    private UnauthorizedResponse unauthorized(Context ctx) {
        if (security.auth() == HttpSecurity.Auth.BASIC) {
            ctx.header("WWW-Authenticate", "Basic realm=\"operando\", charset=\"UTF-8\"");
            return new UnauthorizedResponse("this dashboard needs a user name and password (HTTP basic auth)");
        }
        ctx.header("WWW-Authenticate", "Bearer realm=\"operando\"");
        return new UnauthorizedResponse("this dashboard needs its token: send 'Authorization: Bearer TOKEN', or open "
                + "/?token=TOKEN once in a browser (the token is printed at start-up or was given in a file)");
    }

    private boolean tokenMatches(String candidate) {
        return MessageDigest.isEqual(sha256(candidate), tokenDigest);
    }

    private boolean basicMatches(String encoded) {
        String key = Base64.getEncoder().encodeToString(sha256(encoded));
        if (verifiedBasic.contains(key)) {
            return true;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 1 || !security.passwords().verify(decoded.substring(0, colon), decoded.substring(colon + 1).toCharArray())) {
            return false;
        }
        if (verifiedBasic.size() >= MAX_REMEMBERED) {
            verifiedBasic.clear();
        }
        verifiedBasic.add(key);
        return true;
    }

    /** The value after {@code scheme} in the Authorization header, or null when the header has another scheme or none. */
    private static String authorization(Context ctx, String scheme) {
        String h = ctx.header("Authorization");
        if (h == null || h.length() <= scheme.length() + 1 || !h.regionMatches(true, 0, scheme + " ", 0, scheme.length() + 1)) {
            return null;
        }
        return h.substring(scheme.length() + 1).strip();
    }

    /** One cookie per port, so two dashboards on one host do not overwrite each other's session. */
    private static String cookieName(Context ctx) {
        return COOKIE_PREFIX + ctx.req().getLocalPort();
    }

    private static String withoutToken(Context ctx) {
        String query = ctx.queryParamMap().entrySet().stream().filter(e -> !e.getKey().equals(TOKEN_PARAM))
                .flatMap(e -> e.getValue().stream().map(v -> enc(e.getKey()) + "=" + enc(v))).collect(Collectors.joining("&"));
        return ctx.path() + (query.isEmpty() ? "" : "?" + query);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static boolean isSafe(HandlerType method) {
        return HandlerType.GET.equals(method) || HandlerType.HEAD.equals(method);
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The session cookie's value: HMAC-SHA256 of a fixed label under the token, so the cookie is not the token. */
    private static String sessionValue(String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(
                    "operando dashboard session".getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

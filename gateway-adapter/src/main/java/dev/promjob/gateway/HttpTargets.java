package dev.promjob.gateway;

import dev.promjob.spi.Refusal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The servers of one HTTP backend and the credentials of each. A URL's user info is its own basic
 * auth; credentials given for every URL (the builder's {@code basicAuth}, a single configuration
 * value) go to each, and for one URL, as before there were several, the last one set wins.
 */
final class HttpTargets {
  /**
   * The credentials of one URL: basic auth, a bearer token, or (refused when built) both.
   *
   * @param username null for no basic auth
   * @param password the basic auth password, "" for none
   * @param bearerToken null for none
   */
  private record Auth(String username, String password, String bearerToken) {
    static final Auth NONE = new Auth(null, null, null);

    Auth basic(String user, String pass) {
      return new Auth(user, pass, bearerToken);
    }

    Auth bearer(String token) {
      return new Auth(username, password, token);
    }
  }

  private final String server;
  private final List<URI> urls = new ArrayList<>();
  private final List<Auth> auths = new ArrayList<>(); // one per URL
  private Auth shared = Auth.NONE; // for every URL, those set later too

  HttpTargets(String server) {
    this.server = server;
  }

  int size() {
    return urls.size();
  }

  /**
   * The URLs as given ({@code given}, their user info the basic auth of each) and without user info
   * ({@code clean}); replaces those set before.
   */
  void set(List<URI> given, List<URI> clean) {
    List<Auth> own = new ArrayList<>();
    for (int i = 0; i < given.size(); i++) {
      if (clean.subList(0, i).contains(clean.get(i))) {
        // Twice the same server would count one acceptance twice towards the quorum.
        throw Refusal.of(
            HttpEndpoint.shown(clean.get(i)), server + " URL given twice: list each server once");
      }
      Auth auth = shared;
      String info = given.get(i).getUserInfo();
      if (info != null) {
        int colon = info.indexOf(':');
        String user = colon < 0 ? info : info.substring(0, colon);
        String pass = colon < 0 ? "" : info.substring(colon + 1);
        String source = server + " URL's user info";
        checkBasic(user, pass, source, source);
        auth = auth.basic(user, pass);
      }
      own.add(auth);
    }
    urls.clear();
    urls.addAll(clean);
    auths.clear();
    auths.addAll(own);
  }

  /** Basic auth for the {@code i}th URL, or for every URL (and those set later) if -1. */
  void basicAuth(int i, String username, String password, String userSource, String source) {
    checkBasic(username, password, userSource, source);
    if (i < 0) {
      shared = shared.basic(username, password);
      auths.replaceAll(a -> a.basic(username, password));
    } else {
      auths.set(i, auths.get(i).basic(username, password));
    }
  }

  /** A bearer token for the {@code i}th URL, or for every URL (and those set later) if -1. */
  void bearerToken(int i, String token, String source) {
    String t = HttpValues.checked(token, source, "a bearer token");
    if (i < 0) {
      shared = shared.bearer(t);
      auths.replaceAll(a -> a.bearer(t));
    } else {
      auths.set(i, auths.get(i).bearer(t));
    }
  }

  private static void checkBasic(
      String username, String password, String userSource, String source) {
    HttpValues.checked(username, userSource, "a basic auth username");
    if (username.indexOf(':') >= 0) {
      // The receiver would split the pair at it: a user "a:b" arrives as "a" with password "b...".
      throw new IllegalArgumentException(
          "'" + userSource + "': a basic auth username must not contain ':' (RFC 7617)");
    }
    HttpValues.checked(password, source, "a basic auth password");
  }

  /**
   * One endpoint per URL, in order, each with {@code http}'s settings and its own credentials.
   *
   * @throws IllegalStateException if one URL has both basic auth and a bearer token
   */
  List<HttpEndpoint> endpoints(HttpSettings http) {
    List<HttpEndpoint> all = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      Auth auth = auths.get(i);
      if (auth.bearerToken() != null && auth.username() != null) {
        throw new IllegalStateException(
            "set either basic auth or a bearer token for the "
                + server
                + (urls.size() > 1 ? " " + HttpEndpoint.shown(urls.get(i)) : "")
                + ", not both");
      }
      List<String> headers = new ArrayList<>(http.headers());
      String kind = null;
      if (auth.username() != null) {
        String pair = auth.username() + ":" + auth.password();
        headers.add("Authorization");
        headers.add(
            "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        kind = "basic";
      } else if (auth.bearerToken() != null) {
        headers.add("Authorization");
        headers.add("Bearer " + auth.bearerToken());
        kind = "bearer";
      }
      HttpSettings own =
          new HttpSettings(
              http.tls(),
              headers,
              http.connectTimeout(),
              http.requestTimeout(),
              http.deadline(),
              http.retries(),
              http.backoff());
      all.add(new HttpEndpoint(urls.get(i), own, kind));
    }
    return List.copyOf(all);
  }
}

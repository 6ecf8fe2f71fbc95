vcl 4.1;
# Varnish in front of the app processes (Debian's `varnish`, 7.x). What it does:
#  - round-robin over the app processes (Daphne: HTTP and WebSockets), each probed on /healthz/;
#  - caches anonymous GET/HEAD of public pages: what the app marks cacheable (Cache-Control
#    public / s-maxage / max-age) for as long as it says, and otherwise, on public paths only, for
#    a short TTL (PUBLIC_TTL below) when the response sets no cookie and does not say private;
#  - passes signed-in traffic (a session cookie, or a pending flash message) and every private
#    area, POSTs and the like; pipes WebSockets (/ws/: the video room, the support chat);
#  - strips the consent, language, CSRF and analytics cookies from cached requests: they do not
#    change a public page (the banner decides in the browser), so they must not split the cache;
#  - accepts PURGE (Wagtail's frontend cache, HTTPBackend) and BAN from 127.0.0.1 only;
#  - says X-Cache: HIT, MISS or PASS.
# TLS is terminated in front of Varnish (hitch, nginx…), which sets X-Forwarded-Proto; the app
# reads the client's address from X-Forwarded-For through TRUSTED_PROXY_COUNT / _NETWORKS.

import directors;
import std;

probe healthz {
    .request = "GET /healthz/ HTTP/1.1"
               "Host: 127.0.0.1"
               "X-Forwarded-Proto: https"
               "Connection: close";
    .interval = 2s;
    .timeout = 2s;
    .window = 3;
    .threshold = 2;
}

# BEGIN BACKENDS (bench/cluster.py renders this block from the app processes' ports)
backend app1 { .host = "127.0.0.1"; .port = "8001"; .probe = healthz; .first_byte_timeout = 60s; }
backend app2 { .host = "127.0.0.1"; .port = "8002"; .probe = healthz; .first_byte_timeout = 60s; }

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(app1);
    app.add_backend(app2);
}
# END BACKENDS

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    set req.backend_hint = app.backend();

    # Wagtail's frontend cache sends PURGE <path> with the page's Host. Every variant of the URL
    # goes (any X-Forwarded-Proto, any Vary): a ban on the exact host and URL, effective at once.
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        ban("obj.http.x-host == " + req.http.host + " && obj.http.x-url == " + req.url);
        return (synth(200, "Purged"));
    }
    # BAN with X-Ban-Url: a regular expression of URLs on this host (e.g. "^/fr/annuaire/").
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        if (!req.http.X-Ban-Url) {
            return (synth(400, "X-Ban-Url missing"));
        }
        ban("obj.http.x-host == " + req.http.host + " && obj.http.x-url ~ " + req.http.X-Ban-Url);
        return (synth(200, "Banned"));
    }

    # WebSockets (video room, support chat): straight to an app process, cookies and all.
    if (req.http.Upgrade ~ "(?i)websocket") {
        return (pipe);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Private areas and endpoints that read cookies: never cached, cookies untouched.
    if (req.url ~ "^/(admin|django-admin|ws|stripe|cookies|support|healthz|documents)(/|$)"
        || req.url ~ "^/lettre-d-information/"
        || req.url ~ "^/(fr|en)/(compte|mon-compte|rendez-vous|consultation|paiements|cookies|candidature|lettre-d-information)(/|$)"
        || req.url ~ "^/(fr|en)/informations-legales/(mise-a-jour|accepter|refuser|annonce)/"
        || req.url ~ "^/?(\?.*)?$") {
        # "/" picks the language from Accept-Language and the language cookie.
        return (pass);
    }
    # Signed in (Django's session cookie) or a flash message waiting (Django's messages cookie).
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    # Nothing else in the cookies changes a public page: consent, language, CSRF, analytics.
    unset req.http.Cookie;
    set req.url = std.querysort(req.url);
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    hash_data(req.http.host);
    # An http request may get the redirect to https: never the same object as the https page.
    hash_data(req.http.X-Forwarded-Proto);
    return (lookup);
}

sub vcl_pipe {
    if (req.http.Upgrade) {
        set bereq.http.Upgrade = req.http.Upgrade;
        set bereq.http.Connection = req.http.Connection;
    }
}

sub vcl_pass {
    set req.http.X-Cache-Pass = "1";
}

sub vcl_backend_response {
    # For the bans above (the ban lurker reads obj.*, never req.*).
    set beresp.http.x-url = bereq.url;
    set beresp.http.x-host = bereq.http.host;

    if (bereq.uncacheable) {
        return (deliver);
    }
    # The app said no: a cookie set, private, no-store or no-cache, or its page cache says bypass.
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "(?i)(private|no-store|no-cache)"
        || beresp.http.X-Page-Cache ~ "(?i)(bypass|pass|private|uncacheable)"
        || beresp.http.Vary ~ "\*") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # The app said how long: Varnish's TTL already follows s-maxage, then max-age.
    if (beresp.http.Cache-Control ~ "(?i)s-maxage=[1-9]") {
        set beresp.grace = 10s;
        return (deliver);
    }
    if (beresp.http.Cache-Control ~ "(?i)(s-maxage|max-age)=0") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    if (beresp.http.Cache-Control ~ "(?i)(max-age=[1-9]|public)") {
        set beresp.grace = 10s;
        return (deliver);
    }
    # The app said nothing: a public page for a short while (PUBLIC_TTL), published pages are
    # purged at once; bookings and legal versions show within this delay.
    if (beresp.status == 200 || beresp.status == 301 || beresp.status == 404) {
        set beresp.ttl = 10s;
        set beresp.grace = 2s;
        return (deliver);
    }
    set beresp.uncacheable = true;
    set beresp.ttl = 120s;
    return (deliver);
}

sub vcl_deliver {
    if (req.http.X-Cache-Pass) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.x-url;
    unset resp.http.x-host;
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}

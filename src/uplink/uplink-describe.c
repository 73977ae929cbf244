/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "uplink-connection.h"
#include "uplink-describe.h"
#include "uplink-error.h"
#include "uplink-i18n-private.h"

/*
 * Plain words for what a connection is doing, shared by every place that
 * shows it (tooltips, windows, notifications, the command line) so they
 * all say the same thing. Every string is translated.
 */

/* The longest piece of server text (a feature name, a reason) shown. */
#define SERVER_TEXT_MAX_CHARS 80

/* Server text, made fit to show: control characters become spaces, and
 * anything longer than a short sentence is cut with an ellipsis, so that
 * no server can fill a window or a notification. */
static void
append_server_text (GString    *out,
                    const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  glong n = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (n == SERVER_TEXT_MAX_CHARS)
        {
          g_string_append (out, "…");
          return;
        }
      if (g_unichar_iscntrl (c))
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }
}

/* The feature names of protocol v1 that chat servers commonly throttle;
 * others are shown as the server sent them. */
static const char *
feature_in_words (const char *feature)
{
  static const struct {
    const char *name;
    const char *words;
  } known[] = {
    { "typing", N_("typing indicators") },
    { "presence", N_("presence") },
    { "receipts", N_("read receipts") },
    { "read_receipts", N_("read receipts") },
    { "reactions", N_("reactions") },
    { "calls", N_("calls") },
    { "attachments", N_("attachments") },
    { "messages", N_("messages") },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_str_equal (feature, known[i].name))
      return _(known[i].words);

  return feature;
}

/**
 * uplink_describe_features:
 * @features: (array zero-terminated=1) (nullable): feature names, as in
 *   [property@Connection:throttled-features]
 *
 * Names throttled features in words, as a list: "typing indicators,
 * presence". Names Uplink does not know are kept as they are, without
 * control characters and cut after 80 characters; the result is plain
 * text, not markup.
 *
 * Returns: (transfer full): the list, empty when there are no features
 *
 * Since: 1.0
 */
char *
uplink_describe_features (const char * const *features)
{
  GString *list = g_string_new (NULL);

  uplink_ensure_translations ();

  for (gsize i = 0; features != NULL && features[i] != NULL; i++)
    {
      if (i > 0)
        /* Translators: separates the items of a list of features */
        g_string_append (list, _(", "));
      append_server_text (list, feature_in_words (features[i]));
    }

  return g_string_free (list, FALSE);
}

/**
 * uplink_describe_duration:
 * @duration: a duration, in µs
 *
 * Says how long something lasted, in its largest whole unit: "45 seconds",
 * "3 minutes", "2 hours", "4 days".
 *
 * Returns: (transfer full): the duration in words
 *
 * Since: 1.0
 */
char *
uplink_describe_duration (GTimeSpan duration)
{
  gint64 seconds = MAX (duration, 0) / G_TIME_SPAN_SECOND;

  uplink_ensure_translations ();

  if (seconds < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second", "%u seconds", seconds),
                            (guint) seconds);
  if (seconds < 3600)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", seconds / 60),
                            (guint) (seconds / 60));
  if (seconds < 86400)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hour", "%u hours", seconds / 3600),
                            (guint) (seconds / 3600));

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day", "%u days", seconds / 86400),
                          (guint) (seconds / 86400));
}

/**
 * uplink_describe_title:
 * @source: a connection or model
 *
 * Names the state of @source in a few words, for a title: "Connected",
 * "Connecting…", "Disconnected", "Some features paused", or "Paused" when
 * it is not running.
 *
 * Returns: (transfer full): the title
 *
 * Since: 1.0
 */
char *
uplink_describe_title (UplinkStatusSource *source)
{
  g_return_val_if_fail (UPLINK_IS_STATUS_SOURCE (source), NULL);

  uplink_ensure_translations ();

  switch (uplink_status_source_get_state (source))
    {
    case UPLINK_STATE_CONNECTED:
      return g_strdup (_("Connected"));
    case UPLINK_STATE_CONNECTING:
      return g_strdup (_("Connecting…"));
    case UPLINK_STATE_FEATURE_THROTTLED:
      return g_strdup (_("Some features paused"));
    case UPLINK_STATE_DISCONNECTED:
    default:
      if (!uplink_status_source_get_running (source))
        return g_strdup (_("Paused"));
      return g_strdup (_("Disconnected"));
    }
}

/* Whole seconds until the next attempt, rounded up so that a countdown
 * never shows 0 while the attempt is still to come. */
static guint
seconds_until_retry (UplinkStatusSource *source)
{
  gint64 remaining = uplink_status_source_get_next_retry (source) - g_get_monotonic_time ();

  return (guint) ((MAX (remaining, 0) + G_TIME_SPAN_SECOND - 1) / G_TIME_SPAN_SECOND);
}

/**
 * uplink_describe_retry:
 * @source: a connection or model
 *
 * Says when @source tries again: "Retrying in 4 s, attempt 3".
 *
 * Returns: (transfer full) (nullable): the countdown, or %NULL when no
 *   attempt is scheduled
 *
 * Since: 1.0
 */
char *
uplink_describe_retry (UplinkStatusSource *source)
{
  g_return_val_if_fail (UPLINK_IS_STATUS_SOURCE (source), NULL);

  uplink_ensure_translations ();

  if (uplink_status_source_get_next_retry (source) == 0)
    return NULL;

  /* Translators: the first %u is seconds, the second the attempt's number */
  return g_strdup_printf (_("Retrying in %u s, attempt %u"),
                          seconds_until_retry (source),
                          uplink_status_source_get_attempt (source) + 1);
}

/**
 * uplink_describe_latency:
 * @source: a connection or model
 *
 * Gives the round trip of @source's last ping: "23 ms".
 *
 * Returns: (transfer full) (nullable): the latency, or %NULL when unknown
 *
 * Since: 1.0
 */
char *
uplink_describe_latency (UplinkStatusSource *source)
{
  gint64 latency;

  g_return_val_if_fail (UPLINK_IS_STATUS_SOURCE (source), NULL);

  uplink_ensure_translations ();

  latency = uplink_status_source_get_latency (source);
  if (latency < 0)
    return NULL;

  /* Translators: a network round trip in milliseconds */
  return g_strdup_printf (_("%u ms"), (guint) ((latency + 500) / 1000));
}

/**
 * uplink_describe_outage_at:
 * @since: when the outage began, in g_get_real_time() µs
 * @next_retry: the next attempt, in g_get_real_time() µs, or 0 if none
 * @attempt: the number of the attempt to come or under way (1 for the
 *   first), or 0 when none is
 *
 * Sums up an outage from its figures, as a program reading them from
 * elsewhere (D-Bus) has them: "Disconnected since 21:03:32 (2 minutes) ·
 * next try in 15 s · attempt 7". A duration under a second is left out.
 *
 * Returns: (transfer full): the sentence
 *
 * Since: 1.0
 */
char *
uplink_describe_outage_at (gint64 since,
                           gint64 next_retry,
                           guint  attempt)
{
  gint64 now = g_get_real_time ();
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (since / G_USEC_PER_SEC);
  g_autofree char *clock = g_date_time_format (when, "%X");
  GString *text = g_string_new (NULL);

  uplink_ensure_translations ();

  if (now - since >= G_TIME_SPAN_SECOND)
    {
      g_autofree char *duration = uplink_describe_duration (now - since);

      /* Translators: a time of day, then how long ago ("3 minutes") */
      g_string_printf (text, _("Disconnected since %s (%s)"), clock, duration);
    }
  else
    {
      /* Translators: %s is a time of day */
      g_string_printf (text, _("Disconnected since %s"), clock);
    }

  if (next_retry != 0)
    {
      guint seconds = (guint) ((MAX (next_retry - now, 0) + G_TIME_SPAN_SECOND - 1) / G_TIME_SPAN_SECOND);

      g_string_append (text, " · ");
      /* Translators: %u is seconds */
      g_string_append_printf (text, _("next try in %u s"), seconds);
    }
  if (attempt > 0)
    {
      g_string_append (text, " · ");
      /* Translators: %u is the attempt's number */
      g_string_append_printf (text, _("attempt %u"), attempt);
    }

  return g_string_free (text, FALSE);
}

/**
 * uplink_describe_outage:
 * @source: a connection, or another status source
 *
 * Sums up the current outage of @source: since when (the first loss,
 * not the latest failed attempt), the next try and its number:
 * "Disconnected since 21:03:32 (2 minutes) · next try in 15 s · attempt 7".
 *
 * Returns: (transfer full) (nullable): the sentence, or %NULL when the
 *   connection is up, paused or making its first attempt
 *
 * Since: 1.0
 */
char *
uplink_describe_outage (UplinkStatusSource *source)
{
  gint64 since = 0;
  gint64 next_retry;
  UplinkState state;
  guint attempt;

  g_return_val_if_fail (UPLINK_IS_STATUS_SOURCE (source), NULL);

  if (!uplink_status_source_get_running (source) ||
      !uplink_history_get_outage_start (uplink_status_source_get_history (source), NULL, &since))
    return NULL;

  /* A first attempt is no outage yet: it is "Connecting…". */
  state = uplink_status_source_get_state (source);
  attempt = uplink_status_source_get_attempt (source);
  if (state == UPLINK_STATE_CONNECTING && attempt == 0)
    return NULL;

  next_retry = uplink_status_source_get_next_retry (source);
  if (next_retry != 0)
    next_retry = g_get_real_time () + (next_retry - g_get_monotonic_time ());

  /* Numbered while one is under way or planned, not while Uplink waits
   * for the user (after a refused login) or the network. */
  return uplink_describe_outage_at (since, next_retry,
                                    state == UPLINK_STATE_CONNECTING || next_retry != 0 ? attempt + 1 : 0);
}

/**
 * uplink_describe_hint:
 * @source: a connection, or another status source
 *
 * Says in one short sentence what to do about the last error of
 * @source, such as "Check the server’s name and port, and that the
 * server runs." One hint per kind of failure; a `wss://` address that
 * times out gets the hint that the server may not use TLS.
 *
 * Returns: (transfer full) (nullable): the hint, or %NULL when there is no
 *   error or nothing to suggest
 *
 * Since: 1.0
 */
char *
uplink_describe_hint (UplinkStatusSource *source)
{
  UplinkSourceDetails details;
  const GError *error;

  g_return_val_if_fail (UPLINK_IS_STATUS_SOURCE (source), NULL);

  uplink_ensure_translations ();

  error = uplink_status_source_get_last_error (source);
  if (error == NULL || error->domain != UPLINK_CONNECTION_ERROR)
    return NULL;

  switch ((UplinkConnectionError) error->code)
    {
    case UPLINK_CONNECTION_ERROR_INVALID_URL:
      return g_strdup (_("Correct the address in the preferences: it starts with ws:// or wss:// and names a server."));
    case UPLINK_CONNECTION_ERROR_UNREACHABLE:
      return g_strdup (_("Check the server’s name and port, and that the server runs."));
    case UPLINK_CONNECTION_ERROR_TIMEOUT:
      uplink_status_source_get_details (source, &details);
      if (details.url != NULL && g_str_has_prefix (details.url, "wss:"))
        return g_strdup (_("If the server does not use TLS, its address starts with ws:// instead of wss://."));
      return g_strdup (_("The server may be overloaded or hung; Uplink keeps trying."));
    case UPLINK_CONNECTION_ERROR_TLS:
      return g_strdup (_("Check the address, or whether the server uses TLS at all (ws:// instead of wss://)."));
    case UPLINK_CONNECTION_ERROR_AUTH:
      return g_strdup (_("Check the token or password in the address, then reconnect."));
    case UPLINK_CONNECTION_ERROR_RATE_LIMITED:
      return g_strdup (_("The server asked to wait; Uplink tries again when it allows."));
    case UPLINK_CONNECTION_ERROR_DEAD_PEER:
      return g_strdup (_("The server stopped answering; it may be hung. Uplink keeps trying."));
    case UPLINK_CONNECTION_ERROR_OFFLINE:
      return g_strdup (_("Your computer is offline: check its network connection."));
    case UPLINK_CONNECTION_ERROR_REJECTED:
    case UPLINK_CONNECTION_ERROR_PROTOCOL:
      return g_strdup (_("Check that the address points to the chat server’s WebSocket endpoint."));
    default:
      return NULL;
    }
}

/* Who ended the last session when it was no error (1000, 1001): "The
 * server closed the connection: going away (code 1001)". Only a source
 * with details hears it. */
static char *
describe_clean_close (UplinkStatusSource *source)
{
  UplinkSourceDetails details;
  const char *reason;
  guint code;
  g_autoptr(GString) cleaned = NULL;

  uplink_status_source_get_details (source, &details);
  code = details.close_code;
  reason = details.close_reason;
  if (code == 0)
    return NULL;
  if (reason == NULL || *reason == '\0')
    return g_strdup_printf (_("The server closed the connection (code %u)"), code);

  cleaned = g_string_new (NULL);
  append_server_text (cleaned, reason);
  return g_strdup_printf (_("The server closed the connection: %s (code %u)"), cleaned->str, code);
}

static char *
describe_disconnected (UplinkStatusSource *source)
{
  const GError *error = uplink_status_source_get_last_error (source);

  if (!uplink_status_source_get_running (source))
    return g_strdup (_("Uplink is not watching the connection."));

  if (error == NULL && uplink_status_source_get_next_retry (source) == 0)
    return g_strdup (_("Not connected."));

  if (error == NULL)
    {
      g_autofree char *close = describe_clean_close (source);

      if (close != NULL)
        return g_strdup_printf (_("%s. Reconnecting in %u s."), close, seconds_until_retry (source));
      /* Translators: %u is seconds */
      return g_strdup_printf (_("Reconnecting in %u s."), seconds_until_retry (source));
    }

  if (g_error_matches (error, UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_OFFLINE))
    /* Translators: %s says why, e.g. "The network is unavailable" */
    return g_strdup_printf (_("%s. Uplink reconnects when the network returns."), error->message);

  if (uplink_status_source_get_next_retry (source) == 0)
    /* Translators: %s says why, e.g. "The server refused the credentials" */
    return g_strdup_printf (_("%s. Uplink waits until you reconnect."), error->message);

  /* Translators: %s says why, e.g. "The server did not answer in time";
   * %u is seconds */
  return g_strdup_printf (_("%s. Reconnecting in %u s."),
                          error->message, seconds_until_retry (source));
}

/* " Until 14:05." when the server said when it lifts the throttle. */
static void
append_throttled_until (GString *text,
                        gint64   until)
{
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *clock = NULL;

  if (until == 0)
    return;

  time = g_date_time_new_from_unix_local (until / G_USEC_PER_SEC);
  clock = g_date_time_format (time, "%H:%M");
  g_string_append_c (text, ' ');
  /* Translators: %s is a time of day, "14:05": when the server lifts the
   * throttle */
  g_string_append_printf (text, _("Until %s."), clock);
}

/**
 * uplink_describe_status:
 * @source: a connection or model
 *
 * Explains the state of @source in a sentence or two: "The server did
 * not answer in time. Reconnecting in 4 s.", "Some features are paused:
 * typing indicators, presence.". Server addresses in it are redacted; the
 * result is plain text, not markup.
 *
 * Returns: (transfer full): the explanation
 *
 * Since: 1.0
 */
char *
uplink_describe_status (UplinkStatusSource *source)
{
  UplinkSourceDetails details;
  g_autofree char *features = NULL;
  GString *text;
  const char *reason;

  g_return_val_if_fail (UPLINK_IS_STATUS_SOURCE (source), NULL);

  uplink_ensure_translations ();

  switch (uplink_status_source_get_state (source))
    {
    case UPLINK_STATE_CONNECTED:
      return g_strdup (_("Connected to the server."));
    case UPLINK_STATE_CONNECTING:
      if (uplink_status_source_get_attempt (source) == 0)
        return g_strdup (_("Connecting to the server…"));
      /* Translators: %u is the attempt's number */
      return g_strdup_printf (_("Connecting to the server, attempt %u…"),
                              uplink_status_source_get_attempt (source) + 1);
    case UPLINK_STATE_FEATURE_THROTTLED:
      features = uplink_describe_features (uplink_status_source_get_throttled_features (source));
      text = g_string_new (NULL);
      if (*features == '\0')
        g_string_append (text, _("Some features are paused."));
      else
        /* Translators: %s is a list, e.g. "typing indicators, presence" */
        g_string_append_printf (text, _("Some features are paused: %s."), features);
      uplink_status_source_get_details (source, &details);
      reason = details.throttle_reason;
      if (reason != NULL && *reason != '\0')
        {
          g_string_append_c (text, ' ');
          /* Translators: what the server gave as its reason follows */
          g_string_append (text, _("The server says: “"));
          append_server_text (text, reason);
          /* Translators: closes the server's reason and its sentence */
          g_string_append (text, _("”."));
        }
      append_throttled_until (text, details.throttled_until);
      return g_string_free (text, FALSE);
    case UPLINK_STATE_DISCONNECTED:
    default:
      return describe_disconnected (source);
    }
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "uplink-demo.h"
#include "uplink-reference-server.h"

/*
 * `uplink --demo`: the reference server, in this process, on a loopback
 * port, driven through a scenario that visits every state over and over:
 * connected, throttled, unthrottled, dropped by the server, cut off,
 * refused with 503 and Retry-After, and reconnected after each.
 *
 * A step waits until a client is connected, so that a paused monitor or a
 * slow reconnection never makes the scenario run ahead of what it shows,
 * and a reconnected client stays connected for two steps before the next
 * one: with every outage shown for a whole step too, a round spends about
 * a third of its time disconnected.
 *
 * The connection it drives (uplink_demo_drive()) waits the same time
 * (UPLINK_DEMO_BACKOFF_MS) before each retry, and its back-off starts
 * again at each round, so the tenth round looks like the first.
 */

typedef enum {
  STEP_THROTTLE,
  STEP_UNTHROTTLE,
  STEP_DROP,
  STEP_ABORT,
  STEP_REFUSE,
  N_STEPS
} Step;

/* How long each state stays on screen before the next step, in s. */
#define STEP_SECONDS 5

/* How long a reconnection stays on screen, in steps. */
#define RECONNECTED_STEPS 2

struct _UplinkDemo
{
  GObject parent_instance;

  UplinkReferenceServer *server;
  UplinkConnection *connection;
  char *url;
  Step next_step;
  guint step_source;
  /* The client was (or was just) cut off: the next step first gives its
   * reconnection a whole step on screen. */
  gboolean waited;
};

G_DEFINE_FINAL_TYPE (UplinkDemo, uplink_demo, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_URL,
  PROP_STEP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void schedule (UplinkDemo *self, guint seconds);

static gboolean
run_step (gpointer user_data)
{
  UplinkDemo *self = user_data;
  static const char * const features[] = { "typing", "presence", NULL };

  self->step_source = 0;

  if (uplink_reference_server_get_open_clients (self->server) == 0)
    {
      /* Nobody to show it to yet: look again soon. */
      self->waited = TRUE;
      self->step_source = g_timeout_add (250, run_step, self);
      return G_SOURCE_REMOVE;
    }

  if (self->waited)
    {
      /* Back: the reconnection gets its time on screen too. */
      self->waited = FALSE;
      schedule (self, RECONNECTED_STEPS * STEP_SECONDS);
      return G_SOURCE_REMOVE;
    }

  switch (self->next_step)
    {
    case STEP_THROTTLE:
      uplink_reference_server_throttle (self->server, features, 60, "demo");
      break;
    case STEP_UNTHROTTLE:
      uplink_reference_server_unthrottle (self->server);
      break;
    case STEP_DROP:
      /* 1001, going away: a clean close, then a reconnection. */
      uplink_reference_server_drop (self->server, 1001);
      break;
    case STEP_ABORT:
      /* The TCP connection cut without a close frame: an error. */
      uplink_reference_server_abort (self->server);
      break;
    case STEP_REFUSE:
      /* The next handshake is refused with 503 and Retry-After: 3. */
      uplink_reference_server_reject (self->server, 503, 1, "3");
      uplink_reference_server_drop (self->server, 1001);
      break;
    case N_STEPS:
    default:
      g_assert_not_reached ();
    }

  /* After a step that cuts the client off, the next one waits for the
   * reconnection and a whole step of it. */
  self->waited = self->next_step == STEP_DROP || self->next_step == STEP_ABORT ||
                 self->next_step == STEP_REFUSE;
  self->next_step = (self->next_step + 1) % N_STEPS;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
  schedule (self, STEP_SECONDS);

  return G_SOURCE_REMOVE;
}

static void
schedule (UplinkDemo *self,
          guint       seconds)
{
  g_clear_handle_id (&self->step_source, g_source_remove);
  self->step_source = g_timeout_add_seconds (seconds, run_step, self);
}

static void
on_shutdown_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!uplink_reference_server_shutdown_finish (UPLINK_REFERENCE_SERVER (source), result, &error))
    g_debug ("The demo server did not shut down cleanly: %s", error->message);
  /* The reference taken in dispose. */
  g_object_unref (source);
}

static void
uplink_demo_dispose (GObject *object)
{
  UplinkDemo *self = UPLINK_DEMO (object);

  g_clear_handle_id (&self->step_source, g_source_remove);
  g_clear_object (&self->connection);
  if (self->server != NULL && self->url != NULL)
    /* Its clients get a clean close; the server lives until they are gone. */
    uplink_reference_server_shutdown_async (g_steal_pointer (&self->server), on_shutdown_done, NULL);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (uplink_demo_parent_class)->dispose (object);
}

static void
uplink_demo_finalize (GObject *object)
{
  UplinkDemo *self = UPLINK_DEMO (object);

  g_free (self->url);

  G_OBJECT_CLASS (uplink_demo_parent_class)->finalize (object);
}

static void
uplink_demo_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  UplinkDemo *self = UPLINK_DEMO (object);

  switch (prop_id)
    {
    case PROP_URL:
      g_value_set_string (value, uplink_demo_get_url (self));
      break;
    case PROP_STEP:
      g_value_set_string (value, uplink_demo_get_step (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_demo_class_init (UplinkDemoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = uplink_demo_dispose;
  object_class->finalize = uplink_demo_finalize;
  object_class->get_property = uplink_demo_get_property;

  /**
   * UplinkDemo:url:
   *
   * Where the demo server listens, once started.
   */
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * UplinkDemo:step:
   *
   * What the scenario does next, for the log.
   */
  properties[PROP_STEP] =
    g_param_spec_string ("step", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
uplink_demo_init (UplinkDemo *self)
{
  self->server = uplink_reference_server_new (NULL);
}

UplinkDemo *
uplink_demo_new (void)
{
  return g_object_new (UPLINK_TYPE_DEMO, NULL);
}

gboolean
uplink_demo_start (UplinkDemo  *self,
                   GError     **error)
{
  g_return_val_if_fail (UPLINK_IS_DEMO (self), FALSE);
  g_return_val_if_fail (self->url == NULL, FALSE);

  if (!uplink_reference_server_listen (self->server, "127.0.0.1", 0, error))
    return FALSE;

  self->url = uplink_reference_server_get_url (self->server);
  self->next_step = STEP_THROTTLE;
  schedule (self, STEP_SECONDS);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);

  return TRUE;
}

/*
 * Makes @connection (the one watching the demo server) wait the same
 * time before each retry: no jitter, so that no outage is gone before it
 * can be seen, and no growth, with the back-off reset at each round.
 */
void
uplink_demo_drive (UplinkDemo       *self,
                   UplinkConnection *connection)
{
  g_return_if_fail (UPLINK_IS_DEMO (self));
  g_return_if_fail (UPLINK_IS_CONNECTION (connection));

  g_set_object (&self->connection, connection);
  uplink_connection_set_backoff_initial (connection, UPLINK_DEMO_BACKOFF_MS);
  /* Every wait is the same, whatever the round: with initial = max and
   * no jitter, the back-off has nothing to grow or draw. */
  uplink_connection_set_backoff_max (connection, UPLINK_DEMO_BACKOFF_MS);
  uplink_connection_set_backoff_jitter (connection, FALSE);
}

const char *
uplink_demo_get_url (UplinkDemo *self)
{
  g_return_val_if_fail (UPLINK_IS_DEMO (self), NULL);

  return self->url;
}

/**
 * uplink_demo_get_protocols:
 *
 * Returns: (array zero-terminated=1): the subprotocols to offer the demo
 *   server
 */
const char * const *
uplink_demo_get_protocols (void)
{
  static const char * const protocols[] = { UPLINK_REFERENCE_SERVER_SUBPROTOCOL, NULL };

  return protocols;
}

const char *
uplink_demo_get_step (UplinkDemo *self)
{
  static const char * const names[N_STEPS] = {
    "throttle", "unthrottle", "drop", "abort", "refuse",
  };

  g_return_val_if_fail (UPLINK_IS_DEMO (self), NULL);

  return names[self->next_step];
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "uplink-connection.h"
#include "uplink-connection-private.h"
#include "uplink-connection-properties-private.h"
#include "uplink-defaults-private.h"
#include "uplink-dispatch-private.h"
#include "uplink-enums.h"
#include "uplink-error.h"
#include "uplink-frame.h"
#include "uplink-history.h"
#include "uplink-i18n-private.h"
#include "uplink-redact.h"
#include "uplink-resume-monitor.h"
#include "uplink-send-queue-private.h"
#include "uplink-set-str.h"

/*
 * The retry policy: what follows a failure, the back-off between
 * attempts, and how a session that came up forgives what failed before.
 */

static gboolean
on_retry (gpointer user_data)
{
  g_autoptr(UplinkConnection) self = g_object_ref (user_data);

  self->retry_source = 0;
  uplink_connection_begin_attempt (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_attempt (UplinkConnection *self,
                  gint64            delay_us)
{
  g_clear_handle_id (&self->retry_source, g_source_remove);
  uplink_connection_set_next_retry (self, g_get_monotonic_time () + delay_us);
  self->retry_source = g_timeout_add ((guint) (delay_us / 1000), on_retry, self);
}

static gint64
backoff_delay_us (UplinkConnection *self,
                  gint64            at_least_us)
{
  gint64 delay_us = (gint64) uplink_backoff_next_delay (self->backoff) * 1000;

  return MAX (delay_us, at_least_us);
}

/* What follows a failure is decided by what failed: see the failure
 * table in the class documentation. */
static void
plan_next_attempt (UplinkConnection *self,
                   const GError     *error,
                   gint64            retry_after_us)
{
  gboolean was_stable = self->attempt == 0;
  gint64 delay_us;

  if (error == NULL)
    {
      uplink_connection_set_attempt (self, self->attempt + 1);
      schedule_attempt (self, backoff_delay_us (self, 0));
      return;
    }

  switch ((UplinkConnectionError) error->code)
    {
    case UPLINK_CONNECTION_ERROR_INVALID_URL:
    case UPLINK_CONNECTION_ERROR_OFFLINE:
      return;

    case UPLINK_CONNECTION_ERROR_AUTH:
      uplink_connection_set_attempt (self, self->attempt + 1);
      self->waiting_for_user = TRUE;
      return;

    case UPLINK_CONNECTION_ERROR_TLS:
      delay_us = (gint64) uplink_backoff_get_maximum (self->backoff) * 1000;
      break;

    case UPLINK_CONNECTION_ERROR_DEAD_PEER:
      delay_us = was_stable ? 0 : backoff_delay_us (self, 0);
      break;

    case UPLINK_CONNECTION_ERROR_RATE_LIMITED:
      delay_us = backoff_delay_us (self, retry_after_us);
      break;

    case UPLINK_CONNECTION_ERROR_UNREACHABLE:
    case UPLINK_CONNECTION_ERROR_TIMEOUT:
    case UPLINK_CONNECTION_ERROR_REJECTED:
    case UPLINK_CONNECTION_ERROR_PROTOCOL:
    default:
      delay_us = backoff_delay_us (self, 0);
      break;
    }

  uplink_connection_set_attempt (self, self->attempt + 1);
  schedule_attempt (self, delay_us);
}

/*
 * The one way down: report the failure (if any), plan the next attempt, go
 * disconnected. The plan comes first so that whoever hears of the
 * disconnect can already read the attempt count and the next retry. The
 * error's callbacks may have stopped or restarted the connection; the
 * epoch tells.
 */
void
uplink_connection_lose (UplinkConnection *self,
                        const GError     *error,
                        gint64            retry_after_us)
{
  guint epoch = ++self->epoch;

  uplink_connection_teardown (self);

  if (error != NULL)
    uplink_connection_report_error (self, error);
  if (epoch != self->epoch)
    return;

  if (self->running)
    plan_next_attempt (self, error, retry_after_us);
  uplink_connection_set_state (self, UPLINK_STATE_DISCONNECTED);
}

void
uplink_connection_fail (UplinkConnection      *self,
                        UplinkConnectionError  code,
                        const char            *message)
{
  g_autoptr(GError) error = g_error_new_literal (UPLINK_CONNECTION_ERROR, code, message);

  uplink_connection_lose (self, error, -1);
}

/*
 * The profile's session is up: only now is the server known to serve us,
 * which forgives earlier failures, so a server that restarts is back
 * within the first back-off step.
 */
void
uplink_connection_session_up (UplinkConnection *self)
{
  g_clear_handle_id (&self->connect_timeout_source, g_source_remove);
  uplink_backoff_reset (self->backoff);
  uplink_connection_set_attempt (self, 0);

  if (self->last_error != NULL)
    {
      g_clear_error (&self->last_error);
      g_object_notify_by_pspec (G_OBJECT (self), uplink_connection_properties[PROP_LAST_ERROR]);
    }
  uplink_connection_set_close (self, 0, NULL);
  if (self->state != UPLINK_STATE_FEATURE_THROTTLED)
    uplink_connection_set_state (self, UPLINK_STATE_CONNECTED);
}

/* The server ended the session on purpose: a disconnect without error. */
void
uplink_connection_session_ended (UplinkConnection *self)
{
  uplink_connection_lose (self, NULL, -1);
}

/* The server ended an idle session it would have kept for a login: start
 * over at once, with nothing reported as lost. */
void
uplink_connection_renew (UplinkConnection *self)
{
  g_debug ("%s: the server ended an idle session; renewing it", self->display_url);
  uplink_connection_begin_attempt (self);
}

/**
 * uplink_connection_get_backoff_initial:
 * @self: a connection
 *
 * Gets the longest wait before the first retry.
 *
 * Returns: milliseconds
 *
 * Since: 1.0
 */
guint
uplink_connection_get_backoff_initial (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), 0);

  return uplink_backoff_get_initial (self->backoff);
}

/**
 * uplink_connection_set_backoff_initial:
 * @self: a connection
 * @milliseconds: the longest wait before the first retry, at least 1
 *
 * Sets the longest wait before the first retry.
 *
 * Since: 1.0
 */
void
uplink_connection_set_backoff_initial (UplinkConnection *self,
                                       guint             milliseconds)
{
  g_return_if_fail (UPLINK_IS_CONNECTION (self));
  g_return_if_fail (milliseconds >= 1);

  if (uplink_backoff_get_initial (self->backoff) == milliseconds)
    return;

  uplink_backoff_set_initial (self->backoff, milliseconds);
  g_object_notify_by_pspec (G_OBJECT (self), uplink_connection_properties[PROP_BACKOFF_INITIAL]);
}

/**
 * uplink_connection_get_backoff_max:
 * @self: a connection
 *
 * Gets the longest wait between two attempts.
 *
 * Returns: milliseconds
 *
 * Since: 1.0
 */
guint
uplink_connection_get_backoff_max (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), 0);

  return uplink_backoff_get_maximum (self->backoff);
}

/**
 * uplink_connection_set_backoff_max:
 * @self: a connection
 * @milliseconds: the longest wait between two attempts, at least 1
 *
 * Sets the longest wait between two attempts.
 *
 * Since: 1.0
 */
void
uplink_connection_set_backoff_max (UplinkConnection *self,
                                   guint             milliseconds)
{
  g_return_if_fail (UPLINK_IS_CONNECTION (self));
  g_return_if_fail (milliseconds >= 1);

  if (uplink_backoff_get_maximum (self->backoff) == milliseconds)
    return;

  uplink_backoff_set_maximum (self->backoff, milliseconds);
  g_object_notify_by_pspec (G_OBJECT (self), uplink_connection_properties[PROP_BACKOFF_MAX]);
}

/**
 * uplink_connection_get_backoff_jitter:
 * @self: a connection
 *
 * Gets whether each wait between attempts is drawn at random.
 *
 * Returns: `TRUE` if waits are random up to their ceiling
 *
 * Since: 1.0
 */
gboolean
uplink_connection_get_backoff_jitter (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), TRUE);

  return uplink_backoff_get_jitter (self->backoff);
}

/**
 * uplink_connection_set_backoff_jitter:
 * @self: a connection
 * @jitter: whether waits are random up to their ceiling
 *
 * Sets whether each wait between attempts is drawn at random up to its
 * ceiling, or is exactly the ceiling. Jitter spreads the clients of a
 * server that restarts; turn it off only for a predictable schedule, as
 * a demonstration wants.
 *
 * Since: 1.0
 */
void
uplink_connection_set_backoff_jitter (UplinkConnection *self,
                                      gboolean          jitter)
{
  g_return_if_fail (UPLINK_IS_CONNECTION (self));

  if (uplink_backoff_get_jitter (self->backoff) == !!jitter)
    return;

  uplink_backoff_set_jitter (self->backoff, jitter);
  g_object_notify_by_pspec (G_OBJECT (self), uplink_connection_properties[PROP_BACKOFF_JITTER]);
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <time.h>

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "uplink-resume-monitor.h"

/*
 * Tells when the machine woke from suspend. Sockets that were open then may
 * lead nowhere, and libsoup's keepalive timer, on the monotonic clock that
 * stood still, would take a full cycle of awake time to notice.
 *
 * logind announces suspend with PrepareForSleep; where it cannot be reached
 * (a sandbox without the system bus), a jump between CLOCK_BOOTTIME, which
 * counts suspended time, and CLOCK_MONOTONIC, which does not, gives it away.
 */

#define LOGIND_NAME "org.freedesktop.login1"
#define CLOCK_CHECK_SECONDS 10
/* Scheduling jitter is milliseconds; a suspend worth probing is seconds. */
#define CLOCK_JUMP_US (2 * G_USEC_PER_SEC)

struct _UplinkResumeMonitor
{
  GObject parent_instance;

  GCancellable *cancellable;
  GDBusConnection *system_bus;
  guint logind_watch;
  guint sleep_subscription;
  guint clock_source;
  gint64 clock_offset;
};

enum {
  SIGNAL_RESUMED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (UplinkResumeMonitor, uplink_resume_monitor, G_TYPE_OBJECT)

static gint64
boottime_minus_monotonic (void)
{
  struct timespec boot;

  clock_gettime (CLOCK_BOOTTIME, &boot);
  return boot.tv_sec * G_USEC_PER_SEC + boot.tv_nsec / 1000 - g_get_monotonic_time ();
}

static gboolean
on_clock_check (gpointer user_data)
{
  UplinkResumeMonitor *self = user_data;
  gint64 offset = boottime_minus_monotonic ();
  gboolean jumped = offset - self->clock_offset > CLOCK_JUMP_US;

  self->clock_offset = offset;
  if (jumped)
    g_signal_emit (self, signals[SIGNAL_RESUMED], 0);
  return G_SOURCE_CONTINUE;
}

static void
watch_clocks (UplinkResumeMonitor *self,
              gboolean             watch)
{
  if (!watch)
    {
      g_clear_handle_id (&self->clock_source, g_source_remove);
      return;
    }

  if (self->clock_source != 0)
    return;
  self->clock_offset = boottime_minus_monotonic ();
  self->clock_source = g_timeout_add_seconds (CLOCK_CHECK_SECONDS, on_clock_check, self);
}

static void
on_prepare_for_sleep (GDBusConnection *connection,
                      const char      *sender,
                      const char      *path,
                      const char      *interface,
                      const char      *signal,
                      GVariant        *parameters,
                      gpointer         user_data)
{
  UplinkResumeMonitor *self = user_data;
  gboolean going_to_sleep;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    return;

  g_variant_get (parameters, "(b)", &going_to_sleep);
  if (!going_to_sleep)
    g_signal_emit (self, signals[SIGNAL_RESUMED], 0);
}

static void
on_logind_appeared (GDBusConnection *connection,
                    const char      *name,
                    const char      *owner,
                    gpointer         user_data)
{
  watch_clocks (user_data, FALSE);
}

static void
on_logind_vanished (GDBusConnection *connection,
                    const char      *name,
                    gpointer         user_data)
{
  watch_clocks (user_data, TRUE);
}

static void
on_system_bus (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  UplinkResumeMonitor *self = user_data;
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus = g_bus_get_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (bus == NULL)
    {
      g_debug ("No system bus, so resume is told by the clocks: %s", error->message);
      watch_clocks (self, TRUE);
      return;
    }

  self->system_bus = bus;
  self->sleep_subscription =
    g_dbus_connection_signal_subscribe (bus, LOGIND_NAME, "org.freedesktop.login1.Manager",
                                        "PrepareForSleep", "/org/freedesktop/login1", NULL,
                                        G_DBUS_SIGNAL_FLAGS_NONE, on_prepare_for_sleep,
                                        self, NULL);
  self->logind_watch = g_bus_watch_name_on_connection (bus, LOGIND_NAME,
                                                       G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                       on_logind_appeared, on_logind_vanished,
                                                       self, NULL);
}

static void
uplink_resume_monitor_dispose (GObject *object)
{
  UplinkResumeMonitor *self = (UplinkResumeMonitor *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->logind_watch, g_bus_unwatch_name);
  if (self->system_bus != NULL && self->sleep_subscription != 0)
    g_dbus_connection_signal_unsubscribe (self->system_bus, self->sleep_subscription);
  self->sleep_subscription = 0;
  g_clear_object (&self->system_bus);
  watch_clocks (self, FALSE);

  G_OBJECT_CLASS (uplink_resume_monitor_parent_class)->dispose (object);
}

static void
uplink_resume_monitor_class_init (UplinkResumeMonitorClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = uplink_resume_monitor_dispose;

  signals[SIGNAL_RESUMED] =
    g_signal_new ("resumed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

/*
 * Connecting to the bus runs in GDBus's worker thread, which initialises
 * the socket address classes; a connection's first SoupSession reaches
 * the same classes on the main thread. GLib can deadlock when two threads
 * initialise related classes at the same moment (a start-up hang seen
 * here), so they are all initialised here, before the worker starts.
 */
static void
ensure_classes_shared_with_the_bus_thread (void)
{
  const GType types[] = {
    G_TYPE_INET_SOCKET_ADDRESS,
    G_TYPE_PROXY_ADDRESS,
    SOUP_TYPE_SESSION,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (types); i++)
    g_type_class_unref (g_type_class_ref (types[i]));
}

static void
uplink_resume_monitor_init (UplinkResumeMonitor *self)
{
  self->cancellable = g_cancellable_new ();
  ensure_classes_shared_with_the_bus_thread ();
  g_bus_get (G_BUS_TYPE_SYSTEM, self->cancellable, on_system_bus, self);
}

/*
 * One per process, shared by every connection, and gone with the last of
 * them so that nothing watches the system bus for nobody.
 */
UplinkResumeMonitor *
uplink_resume_monitor_get_default (void)
{
  static GWeakRef shared;
  UplinkResumeMonitor *monitor = g_weak_ref_get (&shared);

  if (monitor == NULL)
    {
      monitor = g_object_new (UPLINK_TYPE_RESUME_MONITOR, NULL);
      g_weak_ref_set (&shared, monitor);
    }

  return monitor;
}

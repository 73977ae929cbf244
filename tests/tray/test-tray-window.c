/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <signal.h>
#include <sys/wait.h>

#include <adwaita.h>

#include "uplink-application.h"
#include "uplink-window.h"

/*
 * What closing the window does, with and without a tray: the application
 * in this process on a private session bus, python3-dbusmock (with the
 * watcher template beside this file) as org.kde.StatusNotifierWatcher.
 *
 * The tests run in order on one application: a GApplication registers
 * once, and the bus stays up until exit, as the application's connection
 * exits the process when it closes. The one case that needs an application
 * started otherwise (as a service) runs in a subprocess, where main() makes
 * it so, on a bus of its own.
 */

#define TIMEOUT_S 30

static GTestDBus *test_bus;
static UplinkApplication *app;
static GPid watcher_pid;

static gboolean
on_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context until @predicate holds or TIMEOUT_S pass. */
static gboolean
wait_until (gboolean (*predicate) (void))
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (TIMEOUT_S, on_timeout, &timed_out);

  while (!predicate () && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout);

  return predicate ();
}

static GtkWidget *
get_window (void)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (UPLINK_IS_WINDOW (l->data))
      return l->data;

  return NULL;
}

static gboolean
window_mapped (void)
{
  return get_window () != NULL && gtk_widget_get_mapped (get_window ());
}

static gboolean
window_hidden (void)
{
  return get_window () != NULL && !gtk_widget_get_visible (get_window ());
}

static gboolean
has_tray (void)
{
  return uplink_application_get_has_tray (app);
}

static gboolean
has_no_tray (void)
{
  return !uplink_application_get_has_tray (app);
}

static gboolean
watcher_on_bus (void)
{
  g_autoptr(GVariant) reply = NULL;
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (app));
  gboolean owned;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.kde.StatusNotifierWatcher"),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                       NULL, NULL);
  g_variant_get (reply, "(b)", &owned);
  return owned;
}

static void
start_watcher (void)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = {
    "/usr/bin/python3", "-m", "dbusmock", "--session",
    "--template", g_getenv ("UPLINK_TRAY_WATCHER_TEMPLATE"), NULL,
  };

  g_assert_cmpint (watcher_pid, ==, 0);
  g_spawn_async (NULL, (char **) argv, NULL,
                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                 NULL, NULL, &watcher_pid, &error);
  g_assert_no_error (error);
}

static void
stop_watcher (void)
{
  g_assert_cmpint (watcher_pid, !=, 0);
  kill (watcher_pid, SIGTERM);
  waitpid (watcher_pid, NULL, 0);
  g_spawn_close_pid (watcher_pid);
  watcher_pid = 0;
}

/* As a panel coming or going does to a running watcher. */
static void
set_host_registered (gboolean registered)
{
  g_autoptr(GVariant) set = NULL;
  g_autoptr(GVariant) emitted = NULL;
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (app));

  set = g_dbus_connection_call_sync (bus, "org.kde.StatusNotifierWatcher", "/StatusNotifierWatcher",
                                     "org.freedesktop.DBus.Properties", "Set",
                                     g_variant_new ("(ssv)", "org.kde.StatusNotifierWatcher",
                                                    "IsStatusNotifierHostRegistered",
                                                    g_variant_new_boolean (registered)),
                                     NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  emitted = g_dbus_connection_call_sync (bus, "org.kde.StatusNotifierWatcher", "/StatusNotifierWatcher",
                                         "org.freedesktop.DBus.Mock", "EmitSignal",
                                         g_variant_new ("(sss@av)", "org.kde.StatusNotifierWatcher",
                                                        registered ? "StatusNotifierHostRegistered"
                                                                   : "StatusNotifierHostUnregistered",
                                                        "",
                                                        g_variant_new_array (G_VARIANT_TYPE_VARIANT,
                                                                             NULL, 0)),
                                         NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
}

static gboolean
no_window (void)
{
  return get_window () == NULL;
}

/* Nothing could bring a hidden window back: closing it closes Uplink (the
 * last window gone and no hold, GApplication quits). */
static void
test_no_tray_closing_quits (void)
{
  g_application_activate (G_APPLICATION (app));
  g_assert_true (wait_until (window_mapped));
  g_assert_false (watcher_on_bus ());
  g_assert_false (uplink_application_get_has_tray (app));
  g_assert_false (uplink_application_get_stays_running (app));

  gtk_window_close (GTK_WINDOW (get_window ()));
  g_assert_true (wait_until (no_window));
}

/* As a host does on a click on the icon; the reply is not awaited, as
 * the item is served by this very thread. */
static void
activate_icon (void)
{
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (app));

  g_dbus_connection_call (bus, g_dbus_connection_get_unique_name (bus), "/StatusNotifierItem",
                          "org.kde.StatusNotifierItem", "Activate", g_variant_new ("(ii)", 0, 0),
                          NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL, NULL);
}

static void
test_tray_hides_the_window (void)
{
  start_watcher ();
  g_assert_true (wait_until (has_tray));
  g_assert_true (uplink_application_get_stays_running (app));
  g_application_activate (G_APPLICATION (app));
  g_assert_true (wait_until (window_mapped));

  gtk_window_close (GTK_WINDOW (get_window ()));
  g_assert_true (wait_until (window_hidden));

  /* A click on the icon brings it back. */
  activate_icon ();
  g_assert_true (wait_until (window_mapped));

  gtk_window_close (GTK_WINDOW (get_window ()));
  g_assert_true (wait_until (window_hidden));
}

static void
test_host_leaving_shows_the_window (void)
{
  g_assert_true (window_hidden ());

  set_host_registered (FALSE);
  g_assert_true (wait_until (has_no_tray));
  g_assert_true (wait_until (window_mapped));

  set_host_registered (TRUE);
  g_assert_true (wait_until (has_tray));
  gtk_window_close (GTK_WINDOW (get_window ()));
  g_assert_true (wait_until (window_hidden));

  /* The panel ends, watcher and all. */
  stop_watcher ();
  g_assert_true (wait_until (has_no_tray));
  g_assert_true (wait_until (window_mapped));

  g_assert_false (uplink_application_get_stays_running (app));
  gtk_window_close (GTK_WINDOW (get_window ()));
  g_assert_true (wait_until (no_window));
}

/* As at login: `uplink --gapplication-service`, which presents nothing,
 * and no StatusNotifierWatcher on the bus. Once the tray has been looked
 * for, the window opens by itself. */
static void
test_service_without_tray_shows_the_window (void)
{
  if (g_test_subprocess ())
    {
      g_assert_true (g_application_get_flags (G_APPLICATION (app)) & G_APPLICATION_IS_SERVICE);
      g_assert_false (watcher_on_bus ());
      g_assert_true (wait_until (window_mapped));
      g_assert_false (uplink_application_get_has_tray (app));
      return;
    }

  g_test_trap_subprocess (NULL, (TIMEOUT_S + 10) * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_no_display (void)
{
  g_test_skip ("No display: run under xvfb-run");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));
  int status;

  g_test_init (&argc, &argv, NULL);

  /* GTestDBus unsets DISPLAY, against X11 autolaunch; GTK needs it. */
  test_bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (test_bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);

  if (!gtk_init_check ())
    {
      g_test_add_func ("/tray/window/no-display", test_no_display);
      return g_test_run ();
    }

  app = uplink_application_new ();
  /* As `--gapplication-service` does before registering. */
  if (g_test_subprocess ())
    g_application_set_flags (G_APPLICATION (app),
                             g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_IS_SERVICE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/tray/window/no-tray-closing-quits", test_no_tray_closing_quits);
  g_test_add_func ("/tray/window/tray-hides-the-window", test_tray_hides_the_window);
  g_test_add_func ("/tray/window/host-leaving-shows-the-window", test_host_leaving_shows_the_window);
  g_test_add_func ("/tray/window/service-without-tray-shows-the-window",
                   test_service_without_tray_shows_the_window);

  status = g_test_run ();

  if (watcher_pid != 0)
    stop_watcher ();

  return status;
}

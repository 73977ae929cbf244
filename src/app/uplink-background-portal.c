/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "uplink-background-portal.h"

/*
 * org.freedesktop.portal.Background, the sandbox's way to the desktop's
 * list of background apps: SetStatus for the tray's sentence when no tray
 * shows it, RequestBackground for "Run at login". Both are asked only
 * inside Flatpak; the callers decide when.
 */

#define PORTAL_NAME "org.freedesktop.portal.Desktop"
#define PORTAL_PATH "/org/freedesktop/portal/desktop"
#define BACKGROUND_INTERFACE "org.freedesktop.portal.Background"
#define REQUEST_INTERFACE "org.freedesktop.portal.Request"

/* The longest message the Background portal accepts. */
#define PORTAL_STATUS_MAX 96

static void
on_status_set (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  /* An older portal has no SetStatus: then there is nowhere to say it. */
  if (reply == NULL)
    g_debug ("The Background portal did not take the status: %s", error->message);
}

/**
 * uplink_background_portal_set_status:
 * @bus: the session bus
 * @sentence: what to say, shortened to what the portal accepts
 *
 * Says @sentence in the desktop's list of background apps.
 */
void
uplink_background_portal_set_status (GDBusConnection *bus,
                                     const char      *sentence)
{
  g_autofree char *message = NULL;
  GVariantBuilder options;

  if (g_utf8_strlen (sentence, -1) > PORTAL_STATUS_MAX)
    {
      g_autofree char *start = g_utf8_substring (sentence, 0, PORTAL_STATUS_MAX - 1);

      message = g_strconcat (start, "…", NULL);
    }
  else
    {
      message = g_strdup (sentence);
    }

  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "message", g_variant_new_string (message));
  g_dbus_connection_call (bus, PORTAL_NAME, PORTAL_PATH, BACKGROUND_INTERFACE, "SetStatus",
                          g_variant_new ("(a{sv})", &options),
                          NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                          on_status_set, NULL);
}

/* A RequestBackground call: answered by a Response signal on a Request
 * object, whose path is known before the call. */
typedef struct {
  GDBusConnection *bus;
  char *request_path;
  guint response_subscription;
  GCancellable *cancellable;
  gulong cancelled_id;
  gboolean done;
} Request;

static void
forget_response (Request *request)
{
  if (request->response_subscription != 0)
    g_dbus_connection_signal_unsubscribe (request->bus, request->response_subscription);
  request->response_subscription = 0;
}

/* Never called from on_cancelled (): the subscription's reference goes in
 * an idle, so disconnecting here cannot deadlock the cancellable. */
static void
request_free (Request *request)
{
  forget_response (request);
  if (request->cancellable != NULL)
    g_cancellable_disconnect (request->cancellable, request->cancelled_id);
  g_clear_object (&request->cancellable);
  g_free (request->request_path);
  g_object_unref (request->bus);
  g_free (request);
}

/* Ends the task once, whatever ends it first: the Response, an error, or
 * the caller's cancellable. */
static void
finish (GTask    *task,
        GError   *error,
        gboolean  autostart)
{
  Request *request = g_task_get_task_data (task);

  request->done = TRUE;
  forget_response (request);
  g_cancellable_disconnect (request->cancellable, request->cancelled_id);
  request->cancelled_id = 0;
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, autostart);
}

static void
on_response (GDBusConnection *bus,
             const char      *sender,
             const char      *object_path,
             const char      *interface_name,
             const char      *signal_name,
             GVariant        *parameters,
             gpointer         user_data)
{
  g_autoptr(GTask) task = g_object_ref (user_data);
  g_autoptr(GVariant) results = NULL;
  gboolean autostart = FALSE;
  guint32 response;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ua{sv})")) ||
      ((Request *) g_task_get_task_data (task))->done)
    return;

  g_variant_get (parameters, "(u@a{sv})", &response, &results);
  g_variant_lookup (results, "autostart", "b", &autostart);
  g_debug ("The Background portal answered %u", response);

  /* Refused (1), or ended some other way (2): no autostart. */
  finish (task, NULL, response == 0 && autostart);
}

static void
subscribe_response (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  forget_response (request);
  request->response_subscription =
    g_dbus_connection_signal_subscribe (request->bus, PORTAL_NAME, REQUEST_INTERFACE, "Response",
                                        request->request_path, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                        on_response, g_object_ref (task), g_object_unref);
}

static void
on_request_sent (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GVariant) reply = NULL;
  GError *error = NULL;
  const char *handle;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (request->done)
    {
      g_clear_error (&error);
      return;
    }
  if (reply == NULL)
    {
      g_dbus_error_strip_remote_error (error);
      finish (task, error, FALSE);
      return;
    }

  /* A portal older than handle_token answers on a path of its own. */
  g_variant_get (reply, "(&o)", &handle);
  if (g_strcmp0 (handle, request->request_path) != 0)
    {
      g_free (request->request_path);
      request->request_path = g_strdup (handle);
      subscribe_response (task);
    }
}

static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);

  /* Called with the cancellable's lock held: no disconnecting here. */
  request->done = TRUE;
  forget_response (request);
  g_task_return_error_if_cancelled (task);
}

/**
 * uplink_background_portal_request_async:
 * @bus: the session bus
 * @autostart: whether Uplink should start at login
 * @cancellable: (nullable): cancels the wait for the answer
 * @callback: called with the portal's answer
 * @user_data: for @callback
 *
 * Asks the portal to let Uplink run in the background and, with
 * @autostart, to start it at login. No parent window: the request can
 * come at login, with none shown.
 */
void
uplink_background_portal_request_async (GDBusConnection     *bus,
                                        gboolean             autostart,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  static const char * const commandline[] = { "uplink", "--gapplication-service", NULL };
  g_autoptr(GTask) task = NULL;
  g_autofree char *token = NULL;
  g_autofree char *sender = NULL;
  GVariantBuilder options;
  Request *request;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, uplink_background_portal_request_async);
  request = g_new0 (Request, 1);
  request->bus = g_object_ref (bus);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  /* The Request's path is known before the call, so that the Response
   * cannot come before anyone listens: the sender's unique name without
   * its colon, dots as underscores, then the token. */
  token = g_strdup_printf ("uplink%u", g_random_int ());
  sender = g_strdup (g_dbus_connection_get_unique_name (bus) + 1);
  g_strdelimit (sender, ".", '_');
  request->request_path = g_strconcat (PORTAL_PATH "/request/", sender, "/", token, NULL);
  subscribe_response (task);
  if (cancellable != NULL)
    {
      request->cancellable = g_object_ref (cancellable);
      request->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), task, NULL);
    }

  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "handle_token", g_variant_new_string (token));
  g_variant_builder_add (&options, "{sv}", "reason",
                         g_variant_new_string (_("Uplink watches your chat server’s connection from the moment you log in")));
  g_variant_builder_add (&options, "{sv}", "autostart", g_variant_new_boolean (autostart));
  g_variant_builder_add (&options, "{sv}", "commandline", g_variant_new_strv (commandline, -1));
  g_variant_builder_add (&options, "{sv}", "dbus-activatable", g_variant_new_boolean (FALSE));

  g_dbus_connection_call (bus, PORTAL_NAME, PORTAL_PATH, BACKGROUND_INTERFACE,
                          "RequestBackground", g_variant_new ("(sa{sv})", "", &options),
                          G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NONE, -1,
                          NULL, on_request_sent, g_object_ref (task));
}

/**
 * uplink_background_portal_request_finish:
 * @result: the result passed to the callback
 * @autostart: (out): whether the portal starts Uplink at login now
 * @error: the call's failure, or %G_IO_ERROR_CANCELLED
 *
 * Returns: %TRUE if the portal answered (yes or no)
 */
gboolean
uplink_background_portal_request_finish (GAsyncResult  *result,
                                         gboolean      *autostart,
                                         GError       **error)
{
  GTask *task = G_TASK (result);
  g_autoptr(GError) local_error = NULL;
  gboolean granted;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  granted = g_task_propagate_boolean (task, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  *autostart = granted;
  return TRUE;
}

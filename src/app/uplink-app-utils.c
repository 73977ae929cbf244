/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "uplink-app-utils.h"

/*
 * Small helpers shared by the window, the welcome page, the preferences
 * and the D-Bus monitor, so that they judge URLs and times alike.
 */

/**
 * uplink_app_check_url:
 * @url: what the user typed
 * @error: where to say what is wrong
 *
 * Checks @url the way the connection will, so that a mistake is shown
 * where it was typed instead of as a failed connection later.
 *
 * Returns: %TRUE if @url is a ws:// or wss:// URL with a host
 */
gboolean
uplink_app_check_url (const char  *url,
                      GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (url == NULL || *url == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Enter the address of a chat server"));
      return FALSE;
    }

  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || scheme == NULL ||
      (g_ascii_strcasecmp (scheme, "ws") != 0 && g_ascii_strcasecmp (scheme, "wss") != 0))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The address must start with ws:// or wss://"));
      return FALSE;
    }

  if (g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The address has no server name"));
      return FALSE;
    }

  return TRUE;
}

/**
 * uplink_app_monotonic_to_unix:
 * @monotonic_time: a g_get_monotonic_time() value, or 0
 *
 * The connection schedules on the monotonic clock, which means nothing
 * outside this process; D-Bus clients and people want wall-clock time.
 *
 * Returns: the same moment in µs since the Unix epoch, or 0 for 0
 */
gint64
uplink_app_monotonic_to_unix (gint64 monotonic_time)
{
  if (monotonic_time == 0)
    return 0;

  return g_get_real_time () + (monotonic_time - g_get_monotonic_time ());
}

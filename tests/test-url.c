/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <uplink.h>

/* The one check of a server address: the connection's, and the words the
 * welcome page, the preferences and the command line show for it. */
static const struct {
  const char *url;
  const char *message;
} refused[] = {
  { NULL, "Enter the address of a chat server" },
  { "", "Enter the address of a chat server" },
  { "ws://chat example.com/ws", "The address cannot contain spaces" },
  { "wss://chat.example.com/ws\n", "The address cannot contain spaces" },
  { "https://chat.example.com/ws", "The address must start with ws:// or wss://" },
  { "chat.example.com", "The address must start with ws:// or wss://" },
  { "ws://[::1", "The address must start with ws:// or wss://" },
  { "ws:///ws", "The address has no server name" },
};

static void
test_url_refused (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("refusing %s", refused[i].url);
      g_assert_false (uplink_connection_check_url (refused[i].url, &error));
      g_assert_error (error, UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_INVALID_URL);
      g_assert_cmpstr (error->message, ==, refused[i].message);
    }
}

static void
test_url_accepted (void)
{
  static const char * const accepted[] = {
    "ws://127.0.0.1:8080/ws",
    "wss://alice:s3cret@chat.example.com/ws?token=abc",
    "WSS://chat.example.com",
    "ws://[::1]:9000/",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (uplink_connection_check_url (accepted[i], &error));
      g_assert_no_error (error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/url/refused", test_url_refused);
  g_test_add_func ("/url/accepted", test_url_accepted);

  return g_test_run ();
}

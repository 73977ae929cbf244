/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "uplink-application.h"
#include "uplink-cli.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(UplinkApplication) application = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Uplink"));

  /* `uplink status` asks a running Uplink over D-Bus: it must never become
   * (or start) the application itself. */
  if (argc > 1 && g_str_equal (argv[1], "status"))
    return uplink_cli_status (argc - 1, argv + 1);

  application = uplink_application_new ();
  return g_application_run (G_APPLICATION (application), argc, argv);
}

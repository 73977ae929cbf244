/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "uplink-window-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(UplinkWindowApplication) application = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Uplink"));

  application = uplink_window_application_new ();
  return g_application_run (G_APPLICATION (application), argc, argv);
}

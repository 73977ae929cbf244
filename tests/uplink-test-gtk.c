/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What the widget tests and the widget bench share: waiting for GTK to
 * draw, bounded by the tests' timeout. */
#include "uplink-test-gtk.h"
#include "uplink-test-utils.h"

static gboolean
frame_drawn_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* Waits until GTK has laid out and drawn what changed, and has handled
 * what the frame left pending. */
void
uplink_test_wait_for_frame (GtkWidget *widget)
{
  gboolean drawn = FALSE;

  gtk_widget_queue_resize (widget);
  gtk_widget_add_tick_callback (widget, frame_drawn_cb, &drawn, NULL);
  if (!uplink_test_wait_until (is_true, &drawn, UPLINK_TEST_TIMEOUT_MS))
    g_error ("GTK drew no frame within %d ms", UPLINK_TEST_TIMEOUT_MS);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

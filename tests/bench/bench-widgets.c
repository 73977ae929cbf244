/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the widgets cost: the indicator's re-render on a state change, and
 * the timeline's snapshot of a full history. Prints a Markdown table.
 * Needs a display (Xvfb will do); renders with GSK_RENDERER=cairo.
 */
#include "config.h"

#include <stdio.h>
#include <uplink-gtk.h>

#include "uplink-test-utils.h"
#include "uplink-test-gtk.h"
#include "uplink-history-private.h"

#define RUNS 7
#define ITERATIONS 200

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static gint64
median (GArray *samples)
{
  g_array_sort (samples, compare_gint64);
  return g_array_index (samples, gint64, samples->len / 2);
}

static void
print_row (const char *what,
           GArray     *run_medians_us)
{
  gint64 middle = median (run_medians_us);

  printf ("| %s | %.3f | %.3f–%.3f | %u × %u |\n", what, middle / 1000.0,
          g_array_index (run_medians_us, gint64, 0) / 1000.0,
          g_array_index (run_medians_us, gint64, run_medians_us->len - 1) / 1000.0,
          RUNS, ITERATIONS);
}

/* Everything a state change costs the indicator: its notify handler, a
 * new layout, a snapshot and rendering it to pixels. */
static gint64
rerender (GtkWidget        *indicator,
          UplinkConnection *connection)
{
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (indicator));
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width, height;
  gint64 start = g_get_monotonic_time ();

  uplink_indicator_set_connection (UPLINK_INDICATOR (indicator), connection);
  gtk_widget_measure (indicator, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL, NULL);
  gtk_widget_measure (indicator, GTK_ORIENTATION_VERTICAL, width, NULL, &height, NULL, NULL);
  gtk_widget_allocate (indicator, width, height, -1, NULL);
  /* The class's snapshot draws the children anew where the change
   * invalidated them. */
  GTK_WIDGET_GET_CLASS (indicator)->snapshot (indicator, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  return g_get_monotonic_time () - start;
}

static void
bench_indicator (GArray *run_medians)
{
  g_autoptr(UplinkTestServer) server = uplink_test_server_new ();
  g_autoptr(UplinkConnection) connected = uplink_test_connection_new (server->url);
  g_autoptr(UplinkConnection) stopped = uplink_test_connection_new (server->url);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *indicator = uplink_indicator_new (stopped);

  uplink_indicator_set_show_label (UPLINK_INDICATOR (indicator), TRUE);
  gtk_window_set_child (GTK_WINDOW (window), indicator);
  gtk_window_present (GTK_WINDOW (window));
  uplink_test_start_connected (connected);
  uplink_test_wait_for_frame (indicator);

  /* Two connections, one connected and one disconnected: each switch is
   * a change of icon, style class, label, tooltip and accessible label. */
  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (gint64));

      for (guint i = 0; i < ITERATIONS; i++)
        {
          gint64 elapsed = rerender (indicator, i % 2 ? stopped : connected);

          g_array_append_val (samples, elapsed);
        }
      g_array_append_val (run_medians, (gint64) { median (samples) });
    }

  uplink_connection_stop (connected);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
bench_timeline (GArray *snapshot_medians,
                GArray *render_medians)
{
  g_autoptr(UplinkHistory) history = uplink_history_new (UPLINK_HISTORY_DEFAULT_CAPACITY);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *timeline = uplink_timeline_new (history);
  gint64 now = g_get_monotonic_time ();
  gint64 step = G_TIME_SPAN_HOUR / UPLINK_HISTORY_DEFAULT_CAPACITY;

  /* A full history spread over the hour the bar shows. */
  for (gint64 i = UPLINK_HISTORY_DEFAULT_CAPACITY; i > 0; i--)
    uplink_history_add (history, (UplinkState) (i % 4), now - i * step, g_get_real_time () - i * step);

  gtk_widget_set_size_request (timeline, 600, 24);
  gtk_window_set_child (GTK_WINDOW (window), timeline);
  gtk_window_present (GTK_WINDOW (window));
  uplink_test_wait_for_frame (timeline);

  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(GArray) snapshots = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GArray) renders = g_array_new (FALSE, FALSE, sizeof (gint64));

      for (guint i = 0; i < ITERATIONS; i++)
        {
          GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (timeline));
          g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
          g_autoptr(GskRenderNode) node = NULL;
          g_autoptr(GdkTexture) texture = NULL;
          gint64 start = g_get_monotonic_time ();
          gint64 snapshotted, rendered;

          GTK_WIDGET_GET_CLASS (timeline)->snapshot (timeline, snapshot);
          node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
          snapshotted = g_get_monotonic_time () - start;
          texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, 600, 24));
          rendered = g_get_monotonic_time () - start;

          g_array_append_val (snapshots, snapshotted);
          g_array_append_val (renders, rendered);
        }
      g_array_append_val (snapshot_medians, (gint64) { median (snapshots) });
      g_array_append_val (render_medians, (gint64) { median (renders) });
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GArray) indicator = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) snapshot = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) render = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  gtk_init ();

  bench_indicator (indicator);
  bench_timeline (snapshot, render);

  printf ("| widgets (GSK_RENDERER=%s) | median ms | min–max ms of run medians | runs × changes |\n",
          g_getenv ("GSK_RENDERER"));
  printf ("| --- | ---: | ---: | ---: |\n");
  print_row ("indicator: state change → re-rendered (handler, layout, snapshot, pixels)", indicator);
  print_row ("timeline, 1000 entries: snapshot", snapshot);
  print_row ("timeline, 1000 entries: snapshot and render to pixels", render);
  return 0;
}

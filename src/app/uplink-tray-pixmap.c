/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "uplink-tray-pixmap.h"

/*
 * The tray icon's IconPixmap: the widget library's state icons as ARGB32
 * pictures, for StatusNotifier hosts that cannot see the application's
 * icon theme.
 */

#define ICON_RESOURCE "/io/github/uplink/Uplink/tray/uplink-%s-symbolic.svg"

/* A symbolic icon drawn in a light neutral grey, which reads on the dark
 * panels most hosts have and still shows on light ones: the SVGs have a
 * single colour, so their alpha is the whole picture. */
static GVariant *
render_one (const char *resource,
            int         size)
{
  static const guint8 foreground[3] = { 0xde, 0xdd, 0xda };
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *argb = NULL;
  const guint8 *pixels;
  int width, height, stride, channels;

  pixbuf = gdk_pixbuf_new_from_resource_at_scale (resource, size, size, TRUE, &error);
  if (pixbuf == NULL)
    {
      g_warning ("Cannot draw the tray icon %s: %s", resource, error->message);
      return NULL;
    }
  if (!gdk_pixbuf_get_has_alpha (pixbuf))
    {
      GdkPixbuf *with_alpha = gdk_pixbuf_add_alpha (pixbuf, FALSE, 0, 0, 0);

      g_object_unref (pixbuf);
      pixbuf = with_alpha;
    }

  width = gdk_pixbuf_get_width (pixbuf);
  height = gdk_pixbuf_get_height (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  channels = gdk_pixbuf_get_n_channels (pixbuf);
  pixels = gdk_pixbuf_read_pixels (pixbuf);

  /* ARGB32 in network byte order: A, R, G, B for each pixel. */
  argb = g_malloc ((gsize) width * height * 4);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *out = argb + ((gsize) y * width + x) * 4;

        out[0] = pixels[y * stride + x * channels + 3];
        memcpy (out + 1, foreground, 3);
      }

  return g_variant_new ("(ii@ay)", width, height,
                        g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, argb,
                                                   (gsize) width * height * 4, 1));
}

/*
 * uplink_tray_pixmap_render:
 * @look: the state's look
 *
 * Returns: (transfer floating): an `a(iiay)` of the icon at the sizes
 *   panels use
 */
GVariant *
uplink_tray_pixmap_render (UplinkLook look)
{
  static const int sizes[] = { 16, 22, 32, 48 };
  g_autofree char *resource = g_strdup_printf (ICON_RESOURCE, uplink_look_to_string (look));
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(iiay)"));
  for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      GVariant *pixmap = render_one (resource, sizes[i]);

      if (pixmap != NULL)
        g_variant_builder_add_value (&builder, pixmap);
    }

  return g_variant_builder_end (&builder);
}

package dev.trawl.bench.faults;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Panels of line charts, one above the other, sharing the x axis (minutes), drawn with Java2D into
 * a PNG: each panel a title and named series of (x, y) points, y from 0 to the panel's maximum.
 */
final class LineChart {

  /** One panel: a title and its series by name, each a list of {x, y}. */
  record Panel(String title, Map<String, List<double[]>> series) {}

  private static final int WIDTH = 1_100;
  private static final int PANEL_HEIGHT = 340;
  private static final int LEFT = 80;
  private static final int RIGHT = 200;
  private static final int TOP = 40;
  private static final int BOTTOM = 40;
  private static final Color[] COLORS = {
    new Color(0x1f77b4),
    new Color(0xff7f0e),
    new Color(0x2ca02c),
    new Color(0xd62728),
    new Color(0x9467bd),
    new Color(0x8c564b),
    new Color(0xe377c2),
    new Color(0x7f7f7f)
  };

  private LineChart() {}

  static void write(String title, List<Panel> panels, Path png) throws IOException {
    int height = TOP + panels.size() * PANEL_HEIGHT;
    BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, height);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString(title, LEFT, 24);
    double maxX =
        panels.stream()
            .flatMap(p -> p.series().values().stream())
            .flatMap(List::stream)
            .mapToDouble(p -> p[0])
            .max()
            .orElse(1);
    for (int i = 0; i < panels.size(); i++) {
      draw(g, panels.get(i), TOP + i * PANEL_HEIGHT, Math.max(maxX, 1e-9));
    }
    g.dispose();
    ImageIO.write(image, "png", png.toFile());
  }

  private static void draw(Graphics2D g, Panel panel, int top, double maxX) {
    int plotTop = top + 30;
    int plotHeight = PANEL_HEIGHT - 30 - BOTTOM;
    int plotWidth = WIDTH - LEFT - RIGHT;
    double maxY =
        panel.series().values().stream()
            .flatMap(List::stream)
            .mapToDouble(p -> p[1])
            .max()
            .orElse(1);
    maxY = niceCeiling(Math.max(maxY, 1));
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.setColor(Color.BLACK);
    g.drawString(panel.title(), LEFT, plotTop - 10);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (int tick = 0; tick <= 4; tick++) {
      int y = plotTop + plotHeight - tick * plotHeight / 4;
      g.setColor(new Color(0xdddddd));
      g.drawLine(LEFT, y, LEFT + plotWidth, y);
      g.setColor(Color.DARK_GRAY);
      g.drawString(String.format(Locale.ROOT, "%.0f", maxY * tick / 4), 10, y + 4);
    }
    for (int tick = 0; tick <= 5; tick++) {
      int x = LEFT + tick * plotWidth / 5;
      g.drawString(
          String.format(Locale.ROOT, "%.1f min", maxX * tick / 5),
          x - 15,
          plotTop + plotHeight + 16);
    }
    g.setColor(Color.BLACK);
    g.drawRect(LEFT, plotTop, plotWidth, plotHeight);
    int index = 0;
    g.setStroke(new BasicStroke(1.8f));
    for (Map.Entry<String, List<double[]>> series : panel.series().entrySet()) {
      Color color = COLORS[index % COLORS.length];
      g.setColor(color);
      int[] last = null;
      for (double[] point : series.getValue()) {
        int[] xy = {
          LEFT + (int) Math.round(point[0] / maxX * plotWidth),
          plotTop + plotHeight - (int) Math.round(point[1] / maxY * plotHeight)
        };
        if (last != null) {
          g.drawLine(last[0], last[1], xy[0], xy[1]);
        }
        last = xy;
      }
      int legendY = plotTop + 14 + index * 18;
      g.fillRect(LEFT + plotWidth + 12, legendY - 9, 14, 10);
      g.setColor(Color.BLACK);
      g.drawString(series.getKey(), LEFT + plotWidth + 32, legendY);
      index++;
    }
    g.setStroke(new BasicStroke(1f));
  }

  private static double niceCeiling(double value) {
    double step = Math.pow(10, Math.floor(Math.log10(value)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * step >= value) {
        return m * step;
      }
    }
    return 10 * step;
  }
}

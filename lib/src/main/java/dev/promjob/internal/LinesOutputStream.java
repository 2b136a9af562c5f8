package dev.promjob.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Hands a subclass the text written to it one whole line at a time, straight from the caller's
 * array when the line is whole there (a copy only for a line cut by the end of a write), and sends
 * what the subclass emits on in large writes: one call per line would cost more than the work done
 * on the line.
 */
abstract class LinesOutputStream extends FilterOutputStream {
  private byte[] line = new byte[256];
  private int length; // bytes of a line cut by the end of a write, kept in `line`
  private final byte[] buf = new byte[1 << 16];
  private int count;

  LinesOutputStream(OutputStream out) {
    super(out);
  }

  /** One whole line, {@code b[from, to)}, its newline included; {@code b} is not kept. */
  abstract void line(byte[] b, int from, int to) throws IOException;

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    int end = off + len;
    int i = off;
    while (i < end) {
      int from = i;
      while (i < end && b[i] != '\n') {
        i++;
      }
      if (i == end) {
        keep(b, from, i - from); // the rest of the line comes with the next write
        return;
      }
      i++;
      if (length == 0) {
        line(b, from, i);
      } else {
        keep(b, from, i - from);
        line(line, 0, length);
        length = 0;
      }
    }
  }

  private void keep(byte[] b, int from, int n) {
    if (length + n > line.length) {
      line = Arrays.copyOf(line, Math.max(line.length * 2, length + n));
    }
    System.arraycopy(b, from, line, length, n);
    length += n;
  }

  @Override
  public void flush() throws IOException {
    drain();
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (length > 0) {
      throw new IOException("text ends without a newline");
    }
    drain();
    out.close();
  }

  private void drain() throws IOException {
    if (count > 0) {
      out.write(buf, 0, count);
      count = 0;
    }
  }

  final void emit(byte[] b, int from, int n) throws IOException {
    if (count + n > buf.length) {
      drain();
      if (n > buf.length) {
        out.write(b, from, n);
        return;
      }
    }
    System.arraycopy(b, from, buf, count, n);
    count += n;
  }

  final void emit(byte b) throws IOException {
    if (count == buf.length) {
      drain();
    }
    buf[count++] = b;
  }
}

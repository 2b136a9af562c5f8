package dev.promjob.contract;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.promjob.Job;
import dev.promjob.spi.Backend;
import dev.promjob.textfile.TextfileBackend;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The textfile backend keeps the contract every backend keeps. */
class TextfileContractTest extends BackendContract {
  private FileSystem fs;
  private TextfileBackend backend;

  @BeforeEach
  void setUp() throws IOException {
    fs =
        Jimfs.newFileSystem(
            Configuration.unix().toBuilder()
                .setAttributeViews("basic", "owner", "posix", "unix")
                .build());
    backend =
        TextfileBackend.builder()
            .directory(Files.createDirectories(fs.getPath("/textfile")))
            .build();
  }

  @AfterEach
  void tearDown() throws IOException {
    fs.close();
  }

  @Override
  protected Backend backend() {
    return backend;
  }

  @Override
  protected Map<String, Double> exposed(Job job) throws IOException {
    Path file = backend.fileOf(job);
    if (!Files.exists(file)) {
      return Map.of();
    }
    try (InputStream in = Files.newInputStream(file)) {
      return seriesOf(in, job, Set.of());
    }
  }
}

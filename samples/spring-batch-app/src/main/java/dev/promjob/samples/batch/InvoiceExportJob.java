package dev.promjob.samples.batch;

import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.file.FlatFileItemReader;
import org.springframework.batch.infrastructure.item.file.builder.FlatFileItemReaderBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;

/**
 * The batch job: reads invoices ({@code number,customer,amount} lines) from {@code invoices.file}
 * (default: the bundled {@code invoices.csv}) in chunks of 100, skips none, and totals them. A line
 * that is not an invoice fails the step and the job, as a broken export should.
 */
@Configuration(proxyBeanMethods = false)
public class InvoiceExportJob {

  /** One line of the export. */
  public record Invoice(String number, String customer, BigDecimal amount) {}

  /** The total of the last run, for the log. */
  final AtomicReference<BigDecimal> total = new AtomicReference<>(BigDecimal.ZERO);

  @Bean
  Job invoiceExport(JobRepository repository, Step exportInvoices) {
    return new JobBuilder("invoice_export", repository).start(exportInvoices).build();
  }

  @Bean
  Step exportInvoices(JobRepository repository, FlatFileItemReader<Invoice> invoices) {
    return new StepBuilder("export_invoices", repository)
        .<Invoice, Invoice>chunk(100)
        .reader(invoices)
        .writer(chunk -> chunk.forEach(i -> total.accumulateAndGet(i.amount(), BigDecimal::add)))
        .build();
  }

  @Bean
  FlatFileItemReader<Invoice> invoices(
      @Value("${invoices.file:classpath:invoices.csv}") Resource file) {
    return new FlatFileItemReaderBuilder<Invoice>()
        .name("invoices")
        .resource(file)
        .delimited()
        .names("number", "customer", "amount")
        .fieldSetMapper(f -> new Invoice(f.readString(0), f.readString(1), f.readBigDecimal(2)))
        .build();
  }
}

package dev.bqsync.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bqsync.core.config.CrmModel;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "import", description = "Write CRM records (a JSON list of objects with externalId, sourceId or email); "
    + "for local runs and tests.")
final class CrmImportCommand extends CliCommand {
  @Option(names = "--tenant", required = true, paramLabel = "ID")
  String tenantId;

  @Option(names = "--model", required = true, paramLabel = "M")
  String modelName;

  @Option(names = "--file", required = true, paramLabel = "F.json")
  String file;

  CrmImportCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  public Integer call() {
    CliContext.tenantId(tenantId);
    CrmModel model;
    try {
      model = CrmModel.valueOf(modelName);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("unknown model '" + modelName + "': use one of " + Arrays.toString(CrmModel.values()));
    }
    List<Map<String, Object>> records;
    try {
      records = new ObjectMapper().readValue(ConfigFiles.read(file), new TypeReference<List<Map<String, Object>>>() {});
    } catch (IOException e) {
      throw new InvalidInputException(file + " is not a JSON list of records");
    }
    try {
      int written = ctx.components().crmRecords().upsert(tenantId, model, records);
      ctx.out.printf("Imported %d %s record(s) into tenant %s%n", written, model, tenantId);
      return OK;
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage());
    }
  }
}

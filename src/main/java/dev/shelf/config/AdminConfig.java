package dev.shelf.config;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/** The {@code admin.*} keys: the backup endpoint, its token and folder. */
public record AdminConfig(boolean enabled, String token, String backupDir) {

  static void defaults(Map<String, Object> d) {
    d.put("admin.enabled", false);
    d.put("admin.token", "");
    d.put("admin.backupDir", "data/backups");
  }

  static AdminConfig read(ConfigValues v) {
    return new AdminConfig(v.bool("admin.enabled"), v.text("admin.token", ConfigValues.NOT_PADDED),
        v.text("admin.backupDir", ConfigValues.NOT_BLANK));
  }

  JsonObject toJson() {
    return new JsonObject().put("enabled", enabled).put("token", token).put("backupDir", backupDir);
  }
}

import { Migration } from '@mikro-orm/migrations';

/**
 * What a scan's last reading of an NFO file did (content hash, title, outcome) and when: an unchanged
 * NFO is never applied twice, and a killed scan's unread NFOs are read by the next one.
 */
export class Migration20261121163133_nfo_applied extends Migration {
  async up() {
    this.addSql(`alter table "media_file" add "nfo_applied" jsonb null, add "nfo_read_at" timestamptz null;`);
  }

  async down() {
    this.addSql(`alter table "media_file" drop column "nfo_applied", drop column "nfo_read_at";`);
  }
}

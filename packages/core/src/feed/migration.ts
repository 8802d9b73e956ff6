/** Tables a feed consumer keeps in its own database: its cursor and the events it applied. */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class FeedConsumer1764000000001 implements MigrationInterface {
  name = 'FeedConsumer1764000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE feed_cursor (consumer text PRIMARY KEY, cursor text, updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(
      `CREATE TABLE feed_applied (consumer text NOT NULL, event_id uuid NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (consumer, event_id))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE feed_applied, feed_cursor`);
  }
}

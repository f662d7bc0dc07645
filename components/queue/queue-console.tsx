"use client";

import { useState } from "react";
import type { TPageInfo } from "@/components/ui/data-table";
import { BulkBar } from "./bulk-bar";
import { ExceptionPanel } from "./exception-panel";
import { QueueTable } from "./queue-table";
import type { TCandidate, TExceptionDetailView, TQueueActions, TQueueRow } from "./types";

/** The interactive part of the queue page: selection, bulk bar, table and detail panel. */
export function QueueConsole(props: {
  rows: TQueueRow[];
  pageInfo: TPageInfo;
  now: string;
  detail: TExceptionDetailView | null;
  filter: Record<string, string>;
  canBulk: boolean;
  candidates: TCandidate[];
  teams: { id: string; name: string }[];
  actions: TQueueActions;
}) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  return (
    <>
      {props.canBulk ? (
        <BulkBar
          selected={[...selected]}
          filter={props.filter}
          totalMatching={props.pageInfo.total}
          bulk={props.actions.bulk}
          candidates={props.candidates}
          teams={props.teams}
          onDone={() => setSelected(new Set())}
        />
      ) : null}
      <QueueTable
        rows={props.rows}
        pageInfo={props.pageInfo}
        now={props.now}
        selected={selected}
        onSelectedChange={setSelected}
        canBulk={props.canBulk}
      />
      {props.detail ? (
        <ExceptionPanel
          key={props.detail.exception.id}
          detail={props.detail}
          now={props.now}
          act={props.actions.act}
          preview={props.actions.preview}
          label={props.actions.label}
        />
      ) : null}
    </>
  );
}

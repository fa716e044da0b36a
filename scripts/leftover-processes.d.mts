export interface MarkedProcess {
  pid: number
  command: string
}

export declare const RUN_MARK: 'WAPC_RUN_MARK'
export declare function newRunMark(): string
export declare function markedProcesses(mark: string): MarkedProcess[]
export declare function stopMarkedProcesses(
  mark: string,
  options?: { graceMs?: number },
): Promise<MarkedProcess[]>

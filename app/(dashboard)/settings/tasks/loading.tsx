import { LoadingStatus } from "@/components/ui/loading-status";

export default function Loading() {
  return <LoadingStatus />;
}
